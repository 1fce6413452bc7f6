package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RetryPolicyProperties {

  @Property(tries = 300)
  void theBackoffCeilingNeverShrinksAndNeverPassesTheCap(
      @ForAll @LongRange(min = 0, max = 10_000) long baseMillis,
      @ForAll @LongRange(min = 0, max = 100_000) long extraCapMillis,
      @ForAll @IntRange(min = 1, max = 200) int attempt) {
    UCloudRetryPolicy policy =
        UCloudRetryPolicy.defaults()
            .withBackoff(
                Duration.ofMillis(baseMillis), Duration.ofMillis(baseMillis + extraCapMillis));

    Duration ceiling = policy.backoffCeiling(attempt);

    assertThat(ceiling).isLessThanOrEqualTo(policy.maxDelay());
    assertThat(ceiling).isGreaterThanOrEqualTo(policy.backoffCeiling(Math.max(1, attempt - 1)));
    assertThat(policy.backoffCeiling(1)).isEqualTo(policy.baseDelay());
  }

  @Property(tries = 300)
  void belowTheCapTheCeilingIsTheBaseDoubledPerAttempt(
      @ForAll @LongRange(min = 1, max = 1_000) long baseMillis,
      @ForAll @IntRange(min = 1, max = 10) int attempt) {
    UCloudRetryPolicy policy =
        UCloudRetryPolicy.defaults().withBackoff(Duration.ofMillis(baseMillis), Duration.ofDays(1));

    assertThat(policy.backoffCeiling(attempt))
        .isEqualTo(Duration.ofMillis(baseMillis << (attempt - 1)));
  }
}
