package app.openup.system;

import app.openup.testkit.LocalPlatform;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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
          .follow(false);
    }
  }
}
