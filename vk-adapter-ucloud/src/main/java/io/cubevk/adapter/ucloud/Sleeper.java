package io.cubevk.adapter.ucloud;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. The adapter never sleeps any other way, so tests (and the contract test
 * over the emulator) can pass one that returns at once, or one that advances a fake clock.
 */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  void sleep(Duration duration) throws InterruptedException;
}
