package io.cubevk.app.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset that tests move forward: time keeps flowing (leases, heartbeats
 * and timeouts behave as in production), and a test can let minutes pass at once, e.g. the 480 s
 * after which a 600 s token is due for a refresh. Shared by the API server and the agent, so token
 * expiry and the agent's refresh decisions agree.
 */
final class SkippingClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Lets {@code duration} pass at once. */
  void skip(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("SkippingClock.skip: time does not go back: " + duration);
    }
    offset.accumulateAndGet(duration, Duration::plus);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("SkippingClock is UTC only, asked " + zone);
  }
}
