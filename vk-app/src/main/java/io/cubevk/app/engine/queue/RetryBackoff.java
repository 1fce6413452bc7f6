package io.cubevk.app.engine.queue;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How long a failed key waits before its next attempt: per-key exponential backoff ({@code base ×
 * 2^(failures-1)}, capped), and an overall token bucket so that a storm of failures cannot turn
 * into a storm of retries against the cloud or the API server. The longer of the two wins, as in
 * client-go's default controller rate limiter.
 */
public final class RetryBackoff<K> {

  private final Duration base;
  private final Duration cap;
  private final long intervalNanos;
  private final long burstToleranceNanos;
  private final Ticker ticker;
  private final ConcurrentMap<K, Integer> failures = new ConcurrentHashMap<>();
  private long theoreticalArrivalNanos;

  /**
   * @param base the first retry's delay
   * @param cap the longest delay per key
   * @param retriesPerSecond the overall retry rate
   * @param burst how many retries may start at once before the rate applies
   */
  public RetryBackoff(
      Duration base, Duration cap, double retriesPerSecond, int burst, Ticker ticker) {
    this.base = base;
    this.cap = cap;
    this.intervalNanos = (long) (1_000_000_000L / retriesPerSecond);
    this.burstToleranceNanos = Math.max(0, burst - 1) * intervalNanos;
    this.ticker = ticker;
    this.theoreticalArrivalNanos = ticker.read();
  }

  /** client-go's defaults scaled to Cube: 200 ms doubling to 30 s, 20 retries/s, bursts of 100. */
  public static <K> RetryBackoff<K> defaults() {
    return new RetryBackoff<>(
        Duration.ofMillis(200), Duration.ofSeconds(30), 20, 100, Ticker.systemTicker());
  }

  /** Records one more failure of the key and returns how long to wait before retrying it. */
  public Duration nextDelay(K key) {
    int count = failures.merge(key, 1, Integer::sum);
    Duration perKey = perKeyDelay(count);
    Duration overall = Duration.ofNanos(reserveBucketSlot());
    return perKey.compareTo(overall) >= 0 ? perKey : overall;
  }

  /** How many times the key failed since it last succeeded. */
  public int failures(K key) {
    return failures.getOrDefault(key, 0);
  }

  /** The key succeeded: its next failure starts from the base delay again. */
  public void forget(K key) {
    failures.remove(key);
  }

  private Duration perKeyDelay(int count) {
    int shift = Math.min(count - 1, 30);
    long nanos = base.toNanos() << shift;
    if (nanos <= 0 || nanos > cap.toNanos()) {
      return cap;
    }
    return Duration.ofNanos(nanos);
  }

  /**
   * A token bucket as a generic cell rate algorithm: each retry books the next slot; up to {@code
   * burst} slots may be booked ahead of time without waiting.
   */
  private synchronized long reserveBucketSlot() {
    long now = ticker.read();
    long arrival = Math.max(theoreticalArrivalNanos, now);
    long wait = Math.max(0, arrival - now - burstToleranceNanos);
    theoreticalArrivalNanos = arrival + intervalNanos;
    return wait;
  }
}
