package io.cubevk.app.engine.pod;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.translation.ProjectedToken;
import io.cubevk.domain.translation.TokenTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service-account tokens the agent obtained for its pods' projected volumes, reused until 80 %
 * of their life has passed (kubelet's rule), so a pod's Cube document stays the same between
 * refreshes and no RenewCubePod is sent for nothing.
 */
public final class TokenCache {

  /** Kubelet refreshes a projected token once 80 % of its life has passed. */
  static final double REFRESH_AT = 0.8;

  /**
   * Kubelet also refreshes a token older than a day, whatever its expiry: API servers extend the
   * life of kube-api-access tokens to a year ({@code --service-account-extend-token-expiration}).
   */
  static final Duration MAX_AGE = Duration.ofHours(24);

  private final Clock clock;
  // Per pod, then per audience: every reconcile asks about one pod, and a scan over all pods'
  // tokens made each step O(pods), a burst of 1,600 pods O(pods²).
  private final Map<PodUid, Map<String, Held>> tokens = new ConcurrentHashMap<>();

  public TokenCache(Clock clock) {
    this.clock = clock;
  }

  /** The pod's token for the audience: the held one while fresh, otherwise a new one. */
  public ProjectedToken token(PodUid pod, String audience, Supplier<ProjectedToken> request) {
    Instant now = clock.instant();
    Held held = of(pod).get(audience);
    if (held != null && now.isBefore(held.refreshAt)) {
      return held.token;
    }
    ProjectedToken fresh = request.get();
    tokens
        .computeIfAbsent(pod, p -> new ConcurrentHashMap<>())
        .put(audience, new Held(fresh, refreshAt(fresh, now)));
    return fresh;
  }

  /** Whether a token is held for the pod and audience, fresh or not. */
  public boolean holds(PodUid pod, String audience) {
    return of(pod).containsKey(audience);
  }

  /**
   * Takes over a token found in the pod's Cube (after an agent restart), if it is not due for a
   * refresh yet, so the Cube is not renewed for nothing.
   *
   * @return whether the token was taken
   */
  public boolean adopt(PodUid pod, String audience, String token, TokenTimes times) {
    Instant refreshAt = refreshAt(times.issuedAt(), times.expiresAt());
    if (!clock.instant().isBefore(refreshAt)) {
      return false;
    }
    tokens
        .computeIfAbsent(pod, p -> new ConcurrentHashMap<>())
        .putIfAbsent(
            audience,
            new Held(new ProjectedToken(token, Optional.of(times.expiresAt())), refreshAt));
    return true;
  }

  /** When the earliest of the pod's tokens is due for a refresh, if it holds any. */
  public Optional<Instant> nextRefresh(PodUid pod) {
    return of(pod).values().stream().map(Held::refreshAt).min(Instant::compareTo);
  }

  /** The pod is gone: its tokens are dropped. */
  public void forget(PodUid pod) {
    tokens.remove(pod);
  }

  private static Instant refreshAt(ProjectedToken token, Instant issuedAt) {
    return token
        .expiresAt()
        .map(expiry -> refreshAt(issuedAt, expiry))
        .orElse(issuedAt.plus(MAX_AGE));
  }

  private static Instant refreshAt(Instant issuedAt, Instant expiresAt) {
    Duration life = Duration.between(issuedAt, expiresAt);
    if (life.isNegative()) {
      return issuedAt;
    }
    Instant at = issuedAt.plusMillis((long) (life.toMillis() * REFRESH_AT));
    Instant oldest = issuedAt.plus(MAX_AGE);
    return at.isBefore(oldest) ? at : oldest;
  }

  private Map<String, Held> of(PodUid pod) {
    return tokens.getOrDefault(pod, Map.of());
  }

  private record Held(ProjectedToken token, Instant refreshAt) {}
}
