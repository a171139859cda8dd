package app.openup.support.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What a partner's token must be, beyond its signature, issuer and audience (SmallRye JWT checks
 * those): under {@code openup.auth}.
 */
@ConfigMapping(prefix = "openup.auth")
public interface AuthConfig {

  /** The group a partner's token carries. */
  @WithDefault("partner")
  String group();

  /**
   * The oldest a token may be (now minus its {@code iat}), and the longest it may be valid for
   * ({@code exp} minus {@code iat}): a ten-year token is refused at once.
   */
  @WithDefault("PT24H")
  Duration maxTokenAge();

  /**
   * How long a token that passed SmallRye JWT's checks is answered again without them ({@link
   * VerifiedTokens}); never beyond its expiry. Zero verifies every request in full.
   */
  @WithDefault("PT1M")
  Duration verifiedTokenReuse();

  /** How many verified tokens {@link VerifiedTokens} keeps at most. */
  @WithDefault("4096")
  int verifiedTokensKept();
}
