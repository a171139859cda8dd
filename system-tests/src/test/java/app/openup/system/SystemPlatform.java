package app.openup.system;

import app.openup.testkit.LocalPlatform;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The platform every system test drives: started once per test run by the local run's own launcher
 * ({@link LocalPlatform}) on free ports and fresh databases, and stopped (broker, services,
 * databases) when the run ends.
 */
public final class SystemPlatform implements BeforeAllCallback {

  private static LocalPlatform platform;

  @Override
  public void beforeAll(ExtensionContext context) {
    get(context);
  }

  static synchronized LocalPlatform get(ExtensionContext context) {
    if (platform == null) {
      Path repository = Path.of(System.getProperty("openup.repository", "..")).toAbsolutePath();
      Path state;
      try {
        state = Files.createTempDirectory("openup-system-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      platform = LocalPlatform.start(LocalPlatform.Settings.isolated(repository, state));
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .put(
              "openup-platform",
              (ExtensionContext.Store.CloseableResource)
                  () -> {
                    platform.close();
                    platform = null;
                  });
    }
    return platform;
  }

  static LocalPlatform platform() {
    return platform;
  }

  /** A partner with a token the services trust. */
  public record Partner(UUID id, String token) {

    public static Partner create() {
      UUID id = UUID.randomUUID();
      return new Partner(id, platform.token(id));
    }

    public RequestSpecification needs() {
      return on("needs-service");
    }

    public RequestSpecification sessions() {
      return on("session-service");
    }

    public RequestSpecification feedback() {
      return on("feedback-service");
    }

    private RequestSpecification on(String service) {
      return RestAssured.given()
          .baseUri(platform.service(service).url())
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .redirects()
          .follow(false)
          .filter(ASK_AGAIN_WHEN_NOT_CAUGHT_UP);
    }
  }

  /**
   * What a client does with a {@code not-caught-up} answer (a consistency token's event not yet in
   * the read model when the service's wait ran out; nothing was read or changed): ask again after
   * its Retry-After, a bounded number of times.
   */
  static final Filter ASK_AGAIN_WHEN_NOT_CAUGHT_UP =
      (request, response, context) -> {
        AtomicReference<Response> answered = new AtomicReference<>(context.next(request, response));
        if (notCaughtUp(answered.get())) {
          Duration retryAfter =
              Duration.ofSeconds(Long.parseLong(answered.get().header("Retry-After")));
          Awaitility.await()
              .pollDelay(retryAfter)
              .pollInterval(retryAfter)
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      !notCaughtUp(
                          answered.updateAndGet(ignored -> context.next(request, response))));
        }
        return answered.get();
      };

  private static boolean notCaughtUp(Response answered) {
    return answered.statusCode() == 503 && answered.asString().contains("/not-caught-up\"");
  }
}
