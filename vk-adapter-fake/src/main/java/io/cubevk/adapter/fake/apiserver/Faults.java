package io.cubevk.adapter.fake.apiserver;

import io.cubevk.adapter.fake.apiserver.store.Store;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault hooks for tests: cut every watch, answer the next watch with 410 Gone, slow every request
 * down, fail the next writes with 500 or 429. (Restarts are {@link KubeApiServer#restart()}.) Every
 * hook is off until set and {@link #clear()} turns them all off.
 */
public final class Faults {
  private final Store store;
  private final AtomicInteger goneWatches = new AtomicInteger();
  private final AtomicInteger failingWrites = new AtomicInteger();
  private volatile int writeFailureCode = 500;
  private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);

  Faults(Store store) {
    this.store = store;
  }

  /**
   * Ends every open watch by closing its connection, as a dropped TCP connection or an API server
   * rollout does; clients re-watch from their last resourceVersion.
   */
  public void dropAllWatches() {
    store.endAllWatches();
  }

  /**
   * Answers the next {@code n} watch requests with an ERROR event carrying a 410 Gone Status, as
   * for a resourceVersion older than the history window; informers then relist.
   */
  public void failNextWatchesWithGone(int n) {
    goneWatches.addAndGet(n);
  }

  /** Shorthand for {@code failNextWatchesWithGone(1)}. */
  public void failNextWatchWithGone() {
    failNextWatchesWithGone(1);
  }

  /** Forgets the watch history (etcd compaction): every watch from an older version gets 410. */
  public void compactHistory() {
    store.compact();
  }

  /** Delays every request by {@code delay} before it is handled (watches included). */
  public void latency(Duration delay) {
    latency.set(delay);
  }

  /**
   * Fails the next {@code n} writes (create, update, patch, delete) with {@code code}: 500 gives an
   * InternalError Status, 429 a TooManyRequests Status with {@code Retry-After: 1}.
   */
  public void failNextWrites(int n, int code) {
    if (code != 500 && code != 429 && code != 503) {
      throw new IllegalArgumentException("write failures are 500, 429 or 503, not " + code);
    }
    writeFailureCode = code;
    failingWrites.set(n);
  }

  /** Turns every fault off. */
  public void clear() {
    goneWatches.set(0);
    failingWrites.set(0);
    latency.set(Duration.ZERO);
  }

  Duration latency() {
    return latency.get();
  }

  boolean takeGoneWatch() {
    return goneWatches.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** The code the next write must fail with, or 0. */
  int takeWriteFailure() {
    return failingWrites.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? writeFailureCode : 0;
  }
}
