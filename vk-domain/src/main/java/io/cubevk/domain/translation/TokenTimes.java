package io.cubevk.domain.translation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * When a service-account JWT was issued and when it expires ({@code iat}, {@code exp}), read
 * without verifying it. Only for tokens the agent itself obtained and put into a Cube: after an
 * agent restart it can tell whether the token a Cube carries is still fresh instead of asking every
 * pod's token again and renewing every Cube at once.
 *
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record TokenTimes(Instant issuedAt, Instant expiresAt) {

  /** The times of a JWT, if it is one with both claims; never throws, never shows the token. */
  public static Optional<TokenTimes> of(String jwt) {
    if (jwt == null) {
      return Optional.empty();
    }
    String[] parts = jwt.trim().split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      if (!(MiniJson.parse(payload) instanceof Map<?, ?> claims)) {
        return Optional.empty();
      }
      if (claims.get("iat") instanceof BigDecimal iat
          && claims.get("exp") instanceof BigDecimal exp
          && exp.compareTo(iat) > 0) {
        return Optional.of(
            new TokenTimes(
                Instant.ofEpochSecond(iat.longValueExact()),
                Instant.ofEpochSecond(exp.longValueExact())));
      }
      return Optional.empty();
    } catch (IllegalArgumentException | ArithmeticException notAJwt) {
      return Optional.empty();
    }
  }
}
