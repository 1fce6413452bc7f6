package io.cubevk.domain.translation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A service-account token the engine obtained (TokenRequest) for a projected volume. {@link
 * #toString()} never shows it.
 *
 * @param token the JWT
 * @param expiresAt when it expires, so the engine can renew the Cube before then
 */
public record ProjectedToken(String token, Optional<Instant> expiresAt) {

  public ProjectedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "ProjectedToken{token=<redacted>"
        + expiresAt.map(e -> ", expiresAt=" + e).orElse("")
        + "}";
  }
}
