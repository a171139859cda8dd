package app.openup.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

  /**
   * The whole scrape once it shows the metric {@code name}, waiting for it at most 90 s. The Kafka
   * client's meters appear only once its consumer has joined and fetched, and Micrometer binds them
   * on a look of its own: a test that checks them waits for them (bounded) rather than racing them.
   */
  public static String once(String name) {
    return await("metric " + name + " on /q/metrics")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(ManagementMetrics::scrape, text -> text.contains(name));
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
