package io.cubevk.adapter.k8s.kubelet.auth;

import com.google.common.hash.Hashing;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens checked with a {@code authentication.k8s.io/v1} TokenReview, as kubelet's webhook
 * token authenticator does ({@code --authentication-token-webhook}). Answers, valid and invalid,
 * are cached for the TTL (kubelet's default is 2 minutes) keyed by the token's SHA-256, so the
 * token itself is never kept nor logged.
 */
public final class TokenReviewAuthenticator implements TokenAuthenticator {

  private final AuthenticationV1Api api;
  private final Duration ttl;
  private final TtlCache<String, Optional<UserInfo>> cache;

  public TokenReviewAuthenticator(ApiClient client, Duration ttl) {
    this(client, ttl, Clock.systemUTC());
  }

  TokenReviewAuthenticator(ApiClient client, Duration ttl, Clock clock) {
    this.api = new AuthenticationV1Api(client);
    this.ttl = ttl;
    this.cache = new TtlCache<>(clock, 4096);
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    String key = Hashing.sha256().hashString(token, StandardCharsets.UTF_8).toString();
    Optional<Optional<UserInfo>> cached = cache.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    V1TokenReview review;
    try {
      review =
          api.createTokenReview(
                  new V1TokenReview()
                      .apiVersion("authentication.k8s.io/v1")
                      .kind("TokenReview")
                      .spec(new V1TokenReviewSpec().token(token)))
              .execute();
    } catch (ApiException e) {
      // Neither the token nor the response body (which echoes the spec) goes into the message.
      throw new AuthenticationUnavailableException("TokenReview failed: HTTP " + e.getCode(), null);
    }
    V1TokenReviewStatus status = review.getStatus();
    Optional<UserInfo> result = Optional.empty();
    if (status != null
        && Boolean.TRUE.equals(status.getAuthenticated())
        && status.getUser() != null) {
      V1UserInfo user = status.getUser();
      result =
          Optional.of(
              new UserInfo(
                  user.getUsername() == null ? "" : user.getUsername(),
                  user.getUid() == null ? "" : user.getUid(),
                  user.getGroups() == null ? List.of() : user.getGroups(),
                  user.getExtra() == null ? Map.of() : user.getExtra()));
    }
    cache.put(key, result, ttl);
    return result;
  }
}
