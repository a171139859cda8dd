package app.openup.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The key pair of one test JVM, generated at test time in a temporary folder. */
final class TestJwtKeys {

  private static final String DIR_PROPERTY = "testkit.jwt.key-dir";

  private TestJwtKeys() {}

  static JwtKeys shared() {
    synchronized (System.getProperties()) {
      String dir = System.getProperty(DIR_PROPERTY);
      if (dir == null) {
        try {
          Path created = Files.createTempDirectory("openup-jwt-");
          created.toFile().deleteOnExit();
          dir = created.toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        System.setProperty(DIR_PROPERTY, dir);
      }
      JwtKeys keys = JwtKeys.loadOrCreate(Path.of(dir));
      keys.publicKeyFile().toFile().deleteOnExit();
      keys.privateKeyFile().toFile().deleteOnExit();
      return keys;
    }
  }
}
