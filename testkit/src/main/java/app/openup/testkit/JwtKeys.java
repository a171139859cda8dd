package app.openup.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA key pair for signing partner tokens in tests and in the local run, kept as PEM files in a
 * folder: {@code private-key.pem} (PKCS#8) and {@code public-key.pem} (X.509), the latter given to
 * the services as {@code mp.jwt.verify.publickey.location}.
 */
public final class JwtKeys {

  /** The issuer of every token minted here, and the one the services verify in tests. */
  public static final String ISSUER = "https://auth.openup.test";

  /** The audience the services expect ({@code mp.jwt.verify.audiences}). */
  public static final String AUDIENCE = "openup";

  private final Path dir;

  private JwtKeys(Path dir) {
    this.dir = dir;
  }

  /** Uses the key pair in {@code dir}, generating a new one there if there is none. */
  public static JwtKeys loadOrCreate(Path dir) {
    JwtKeys keys = new JwtKeys(dir);
    if (!Files.exists(keys.privateKeyFile())) {
      keys.generate();
    }
    return keys;
  }

  public Path publicKeyFile() {
    return dir.resolve("public-key.pem");
  }

  Path privateKeyFile() {
    return dir.resolve("private-key.pem");
  }

  PrivateKey privateKey() {
    try {
      String pem = Files.readString(privateKeyFile(), StandardCharsets.US_ASCII);
      String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Unreadable private key in " + privateKeyFile(), e);
    }
  }

  private void generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Files.createDirectories(dir);
      Files.writeString(publicKeyFile(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      Files.writeString(privateKeyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
