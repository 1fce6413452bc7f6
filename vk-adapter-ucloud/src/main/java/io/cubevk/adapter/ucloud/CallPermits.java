package io.cubevk.adapter.ucloud;

import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;

/**
 * The client-side rate limit: every HTTP attempt (retries included) takes one permit first, so a
 * burst of pods never turns into a burst of RetCode 153 for the whole account.
 */
interface CallPermits {

  /** Takes a permit, waiting at most {@code timeout}; false when none came in time. */
  boolean tryAcquire(Duration timeout);

  /** Guava's smooth rate limiter at {@code callsPerSecond} (infinity: no limit). */
  static CallPermits perSecond(double callsPerSecond) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "UCloud rate limit must be a positive number of calls per second, was " + callsPerSecond);
    }
    RateLimiter limiter = RateLimiter.create(callsPerSecond);
    return new CallPermits() {
      @Override
      public boolean tryAcquire(Duration timeout) {
        return limiter.tryAcquire(timeout);
      }

      @Override
      public String toString() {
        return limiter.getRate() + " calls/s";
      }
    };
  }
}
