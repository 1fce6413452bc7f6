package io.cubevk.adapter.k8s.kubelet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.cubevk.adapter.k8s.kubelet.StubApiServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenReviewAuthenticatorTest {

  private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  private final StubApiServer api;
  private Instant now = Instant.parse("2026-11-26T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  TokenReviewAuthenticatorTest() throws Exception {
    api =
        new StubApiServer()
            .on(
                "POST",
                PATH,
                r -> {
                  String token =
                      JsonParser.parseString(r.body())
                          .getAsJsonObject()
                          .getAsJsonObject("spec")
                          .get("token")
                          .getAsString();
                  return StubApiServer.review(
                      r,
                      token.equals("good")
                          ? "{\"authenticated\":true,\"user\":{\"username\":"
                              + "\"system:serviceaccount:ns:sa\",\"uid\":\"u-1\",\"groups\":"
                              + "[\"system:serviceaccounts\"],\"extra\":{\"k\":[\"v\"]}}}"
                          : "{\"authenticated\":false,\"error\":\"invalid bearer token\"}");
                });
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aTokenTheClusterVouchesForIsItsUser() {
    var authenticator = new TokenReviewAuthenticator(api.client(), Duration.ofMinutes(2), clock);

    Optional<UserInfo> user = authenticator.authenticate("good");

    assertThat(user)
        .contains(
            new UserInfo(
                "system:serviceaccount:ns:sa",
                "u-1",
                List.of("system:serviceaccounts"),
                Map.of("k", List.of("v"))));
    assertThat(api.requests.get(0).body()).contains("\"token\":\"good\"");
  }

  @Test
  void anInvalidTokenIsNobody() {
    var authenticator = new TokenReviewAuthenticator(api.client(), Duration.ofMinutes(2), clock);

    assertThat(authenticator.authenticate("bad")).isEmpty();
  }

  @Test
  void answersAreCachedForTheTtlOnly() {
    var authenticator = new TokenReviewAuthenticator(api.client(), Duration.ofMinutes(2), clock);

    authenticator.authenticate("good");
    authenticator.authenticate("good");
    authenticator.authenticate("bad");
    authenticator.authenticate("bad");
    assertThat(api.requests).hasSize(2);

    now = now.plus(Duration.ofMinutes(2));
    authenticator.authenticate("good");
    assertThat(api.requests).hasSize(3);
  }

  @Test
  void anUnreachableApiServerIsAnErrorWithoutTheToken() {
    api.close();
    var authenticator = new TokenReviewAuthenticator(api.client(), Duration.ofMinutes(2), clock);

    assertThatThrownBy(() -> authenticator.authenticate("secret-token-value"))
        .isInstanceOf(TokenAuthenticator.AuthenticationUnavailableException.class)
        .hasMessageNotContaining("secret-token-value");
  }
}
