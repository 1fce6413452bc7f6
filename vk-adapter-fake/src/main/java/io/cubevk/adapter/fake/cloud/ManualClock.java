package io.cubevk.adapter.fake.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told to, so that tests let Cube lifecycles (create delays, sleeps,
 * crash-loop backoffs) pass instantly instead of sleeping. Thread-safe. A fake cloud built on it
 * wakes its streams (log follow, attach, exec sleeps) as soon as the clock moves.
 */
public final class ManualClock extends Clock {

  private volatile Instant now;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ManualClock(Instant start) {
    this.now = start;
  }

  /** A clock at 2026-01-01T00:00:00Z, a fixed and readable start for tests. */
  public static ManualClock atDefaultStart() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock forward. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("ManualClock.advance: time does not go back: " + duration);
    }
    synchronized (this) {
      now = now.plus(duration);
    }
    listeners.forEach(Runnable::run);
  }

  /** Moves the clock to a later instant. */
  public void set(Instant instant) {
    synchronized (this) {
      if (instant.isBefore(now)) {
        throw new IllegalArgumentException(
            "ManualClock.set: time does not go back (now " + now + ", asked " + instant + ")");
      }
      now = instant;
    }
    listeners.forEach(Runnable::run);
  }

  /** Called after every move, in the moving thread; must be quick. */
  void onAdvance(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // The fake cloud works in UTC only; a zoned view would detach from advance().
    throw new UnsupportedOperationException("ManualClock is UTC only");
  }
}
