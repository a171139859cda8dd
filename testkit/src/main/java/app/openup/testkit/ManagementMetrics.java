package app.openup.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A metric as the service under test shows it on its management interface ({@code /q/metrics},
 * Prometheus text, on {@link OpenUpTestResources#managementPort()}).
 */
public final class ManagementMetrics {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private ManagementMetrics() {}

  /**
   * The sum of the metric's series whose labels hold {@code label} (say {@code
   * projection="needs-read-model"}; empty for every series); 0 if there is none.
   */
  public static double sum(String name, String label) {
    return scrape()
        .lines()
        .filter(line -> line.startsWith(name + "{"))
        .filter(line -> line.substring(0, line.indexOf('}') + 1).contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String scrape() {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + OpenUpTestResources.managementPort() + "/q/metrics"))
            .build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/q/metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("/q/metrics could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading /q/metrics", e);
    }
  }
}
