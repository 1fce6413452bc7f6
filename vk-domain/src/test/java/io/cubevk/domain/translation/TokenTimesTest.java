package io.cubevk.domain.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenTimesTest {

  private static String jwt(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  @Test
  void readsIssuedAtAndExpiryOfAServiceAccountJwt() {
    String token =
        jwt(
            "{\"aud\":[\"https://kubernetes.default.svc\"],\"iat\":1767225600,\"exp\":1767229207,"
                + "\"sub\":\"system:serviceaccount:default:default\"}");

    assertThat(TokenTimes.of(token))
        .contains(
            new TokenTimes(
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:07Z")));
  }

  @Test
  void anythingElseHasNoTimes() {
    assertThat(TokenTimes.of("not-a-jwt")).isEmpty();
    assertThat(TokenTimes.of("a.b")).isEmpty();
    assertThat(TokenTimes.of("a.%%%.c")).isEmpty();
    assertThat(TokenTimes.of(jwt("[1,2]"))).isEmpty();
    assertThat(TokenTimes.of(jwt("{\"iat\":5}"))).isEmpty();
    assertThat(TokenTimes.of(jwt("{\"iat\":10,\"exp\":5}"))).isEmpty();
    assertThat(TokenTimes.of(jwt("{\"iat\":\"x\",\"exp\":5}"))).isEmpty();
    assertThat(TokenTimes.of(null)).isEmpty();
  }
}
