package io.cubevk.app.engine.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.translation.ProjectedToken;
import io.cubevk.domain.translation.TokenTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the agent asks for a new token, and when it keeps the one it has. */
class TokenCacheTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final PodUid POD = PodUid.of("uid-1");

  private final MutableClock clock = new MutableClock(NOW);
  private final TokenCache cache = new TokenCache(clock);
  private final AtomicInteger requests = new AtomicInteger();

  @Test
  void aTokenIsReusedUntilEightyPercentOfItsLifeThenRequestedAgain() {
    ProjectedToken first = cache.token(POD, "", () -> issue(Duration.ofMinutes(60)));

    clock.now = NOW.plus(Duration.ofMinutes(47));
    assertThat(cache.token(POD, "", () -> issue(Duration.ofMinutes(60)))).isSameAs(first);
    assertThat(cache.nextRefresh(POD)).contains(NOW.plus(Duration.ofMinutes(48)));

    clock.now = NOW.plus(Duration.ofMinutes(48));
    assertThat(cache.token(POD, "", () -> issue(Duration.ofMinutes(60)))).isNotSameAs(first);
    assertThat(requests).hasValue(2);
  }

  @Test
  void aYearLongTokenIsStillRefreshedAfterADayAsKubeletDoes() {
    cache.token(POD, "", () -> issue(Duration.ofDays(365)));

    assertThat(cache.nextRefresh(POD)).contains(NOW.plus(Duration.ofHours(24)));
  }

  @Test
  void aFreshTokenFoundInACubeIsAdoptedAndAStaleOneIsNot() {
    TokenTimes fresh = new TokenTimes(NOW.minus(Duration.ofMinutes(10)), NOW.plusSeconds(3000));
    TokenTimes stale = new TokenTimes(NOW.minus(Duration.ofMinutes(50)), NOW.plusSeconds(600));

    assertThat(cache.adopt(POD, "", "jwt-fresh", fresh)).isTrue();
    assertThat(cache.adopt(POD, "vault", "jwt-stale", stale)).isFalse();

    assertThat(cache.token(POD, "", () -> issue(Duration.ofHours(1))).token())
        .isEqualTo("jwt-fresh");
    assertThat(cache.holds(POD, "vault")).isFalse();
    assertThat(requests).hasValue(0);
  }

  @Test
  void forgettingAPodDropsItsTokens() {
    cache.token(POD, "", () -> issue(Duration.ofHours(1)));

    cache.forget(POD);

    assertThat(cache.holds(POD, "")).isFalse();
    assertThat(cache.nextRefresh(POD)).isEmpty();
  }

  private ProjectedToken issue(Duration life) {
    return new ProjectedToken(
        "jwt-" + requests.incrementAndGet(), Optional.of(clock.instant().plus(life)));
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
