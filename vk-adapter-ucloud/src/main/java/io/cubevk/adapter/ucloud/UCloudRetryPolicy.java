package io.cubevk.adapter.ucloud;

import java.time.Duration;

/**
 * How hard the adapter tries before it reports a failure to the engine.
 *
 * <p>A failed attempt that may be repeated (see {@link UCloudCubeCloud}) is retried after an
 * exponential backoff with full jitter: a random delay between zero and {@code min(maxDelay,
 * baseDelay × 2^(attempt−1))}, unless the answer carried a {@code Retry-After}, which wins. No call
 * takes longer than {@code callDeadline} in total, backoff and rate-limit waits included; each
 * attempt is cut off after {@code attemptTimeout} (or what is left of the deadline, if less).
 *
 * @param maxAttempts attempts per call, the first one included (1 = never retry)
 * @param baseDelay the backoff's first ceiling
 * @param maxDelay the backoff's cap
 * @param callDeadline the total time one call of the port may take
 * @param attemptTimeout the time one HTTP exchange may take, connect to last byte
 */
public record UCloudRetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration callDeadline,
    Duration attemptTimeout) {

  public UCloudRetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "UCloud retry policy: maxAttempts must be at least 1, was " + maxAttempts);
    }
    requireNonNegative(baseDelay, "baseDelay");
    requireNonNegative(maxDelay, "maxDelay");
    requirePositive(callDeadline, "callDeadline");
    requirePositive(attemptTimeout, "attemptTimeout");
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "UCloud retry policy: maxDelay ("
              + maxDelay
              + ") must not be below baseDelay ("
              + baseDelay
              + ")");
    }
  }

  /**
   * Six attempts, backoff from 250 ms capped at 8 s, 15 s per attempt and 45 s per call: enough to
   * ride out a short rate-limit burst or a gateway restart without holding an engine worker for
   * long.
   */
  public static UCloudRetryPolicy defaults() {
    return new UCloudRetryPolicy(
        6,
        Duration.ofMillis(250),
        Duration.ofSeconds(8),
        Duration.ofSeconds(45),
        Duration.ofSeconds(15));
  }

  /** One attempt per call: every failure goes straight to the engine. */
  public static UCloudRetryPolicy noRetries() {
    return defaults().withMaxAttempts(1);
  }

  public UCloudRetryPolicy withMaxAttempts(int attempts) {
    return new UCloudRetryPolicy(attempts, baseDelay, maxDelay, callDeadline, attemptTimeout);
  }

  public UCloudRetryPolicy withBackoff(Duration base, Duration cap) {
    return new UCloudRetryPolicy(maxAttempts, base, cap, callDeadline, attemptTimeout);
  }

  public UCloudRetryPolicy withCallDeadline(Duration deadline) {
    return new UCloudRetryPolicy(maxAttempts, baseDelay, maxDelay, deadline, attemptTimeout);
  }

  public UCloudRetryPolicy withAttemptTimeout(Duration timeout) {
    return new UCloudRetryPolicy(maxAttempts, baseDelay, maxDelay, callDeadline, timeout);
  }

  /** The ceiling of the jittered delay before attempt {@code attempt + 1}. */
  Duration backoffCeiling(int attempt) {
    // Doubling stops at the cap long before the shift could overflow.
    Duration ceiling = baseDelay;
    for (int i = 1; i < attempt && ceiling.compareTo(maxDelay) < 0; i++) {
      ceiling = ceiling.multipliedBy(2);
    }
    return ceiling.compareTo(maxDelay) < 0 ? ceiling : maxDelay;
  }

  private static void requireNonNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(
          "UCloud retry policy: " + name + " must be zero or more, was " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "UCloud retry policy: " + name + " must be positive, was " + value);
    }
  }
}
