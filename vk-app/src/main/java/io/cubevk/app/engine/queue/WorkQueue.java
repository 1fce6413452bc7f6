package io.cubevk.app.engine.queue;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A work queue of keys with client-go's guarantees:
 *
 * <ul>
 *   <li>a key waits in the queue at most once, however often it is added (events coalesce);
 *   <li>a key handed to a worker is not handed to another until {@link #done}; if it was added
 *       meanwhile, it is queued again on {@code done}, so no change is missed;
 *   <li>{@link #addAfter} queues a key later (re-checks, backoff), {@link #addRateLimited} after
 *       the key's {@link RetryBackoff} delay.
 * </ul>
 *
 * <p>One lock guards everything: operations are a few map updates, and workers block on the queue's
 * condition rather than polling. Each ready key wakes one worker, and a worker that takes a key
 * while others are ready wakes the next, so no key waits for a sleeping worker and sixteen workers
 * do not all fight for the lock on every add.
 */
public final class WorkQueue<K> {

  private final ArrayDeque<K> ready = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  // Ordered by due time; a TreeSet, not a PriorityQueue, because moving a key earlier removes its
  // entry, which a PriorityQueue does by a linear scan (seen holding the lock in a 1,600-pod
  // burst).
  private final TreeSet<Delayed<K>> delayed = new TreeSet<>();
  private final Map<K, Delayed<K>> delayedByKey = new HashMap<>();
  // When each waiting key became ready, for the time-in-queue metric (client-go's queue_duration).
  private final Map<K, Long> readySince = new HashMap<>();
  private volatile Consumer<Duration> waitObserver = waited -> {};
  private final RetryBackoff<K> backoff;
  private final Ticker ticker;
  private long sequence;
  private boolean shuttingDown;

  public WorkQueue(RetryBackoff<K> backoff, Ticker ticker) {
    this.backoff = backoff;
    this.ticker = ticker;
  }

  public static <K> WorkQueue<K> withDefaults() {
    return new WorkQueue<>(RetryBackoff.defaults(), Ticker.systemTicker());
  }

  /** Queues the key unless it is already waiting; a no-op after {@link #shutDown}. */
  public synchronized void add(K key) {
    if (shuttingDown || !dirty.add(key)) {
      return;
    }
    if (!processing.contains(key)) {
      readySince.put(key, ticker.read());
      ready.addLast(key);
      notify(); // one key, one worker: waking all sixteen only has them fight for the lock
    }
  }

  /** Queues the key once the delay has passed (immediately for a zero delay). */
  public synchronized void addAfter(K key, Duration delay) {
    if (shuttingDown) {
      return;
    }
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    long due = ticker.read() + delay.toNanos();
    Delayed<K> existing = delayedByKey.get(key);
    if (existing != null) {
      if (existing.dueNanos <= due) {
        return; // already scheduled at least as early: one wake-up is enough
      }
      delayed.remove(existing);
    }
    Delayed<K> entry = new Delayed<>(due, sequence++, key);
    delayed.add(entry);
    delayedByKey.put(key, entry);
    if (delayed.first() == entry) {
      notify(); // a waiting worker may sleep until a later due time: it has to look again
    }
  }

  /** Queues the key after its backoff: call it when processing the key failed. */
  public void addRateLimited(K key) {
    addAfter(key, backoff.nextDelay(key));
  }

  /** The key was processed successfully: its backoff starts over. */
  public void forget(K key) {
    backoff.forget(key);
  }

  /** How often the key failed in a row, as counted by {@link #addRateLimited}. */
  public int failures(K key) {
    return backoff.failures(key);
  }

  /**
   * Waits for the next key and marks it as being processed; the caller must call {@link #done} with
   * it, in a {@code finally}.
   *
   * @return the key, or empty once the queue is shut down and drained
   */
  public synchronized Optional<K> take() throws InterruptedException {
    while (true) {
      Optional<K> key = poll();
      if (key.isPresent()) {
        return key;
      }
      if (shuttingDown) {
        return Optional.empty();
      }
      Delayed<K> next = delayed.isEmpty() ? null : delayed.first();
      if (next == null) {
        wait();
      } else {
        long waitNanos = next.dueNanos - ticker.read();
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        }
      }
    }
  }

  /** Like {@link #take} but returns empty at once when no key is ready. */
  public synchronized Optional<K> poll() {
    promoteDueKeys();
    K key = ready.pollFirst();
    if (key == null) {
      return Optional.empty();
    }
    dirty.remove(key);
    processing.add(key);
    if (!ready.isEmpty() || !delayed.isEmpty()) {
      // More keys are ready, or due later and this worker was the one waiting for them: another
      // worker takes over, or they would wait for an add that may never come.
      notify();
    }
    Long since = readySince.remove(key);
    if (since != null) {
      waitObserver.accept(Duration.ofNanos(ticker.read() - since));
    }
    return Optional.of(key);
  }

  /**
   * Tells the observer how long each key waited between being queued (or becoming due) and being
   * handed to a worker. Called under the queue's lock: the observer must be quick.
   */
  public void observeWaits(Consumer<Duration> observer) {
    this.waitObserver = observer;
  }

  /** The worker finished the key; if it was added meanwhile, it is queued again. */
  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      readySince.put(key, ticker.read());
      ready.addLast(key);
      notify();
    }
  }

  /** Stops accepting keys and wakes waiting workers; keys already queued are still handed out. */
  public synchronized void shutDown() {
    shuttingDown = true;
    delayed.clear();
    delayedByKey.clear();
    notifyAll();
  }

  /** Keys waiting now (not counting delayed ones). */
  public synchronized int depth() {
    return ready.size();
  }

  /** Keys scheduled for later. */
  public synchronized int delayedCount() {
    return delayed.size();
  }

  private void promoteDueKeys() {
    long now = ticker.read();
    while (!delayed.isEmpty() && delayed.first().dueNanos <= now) {
      K key = delayed.pollFirst().key;
      delayedByKey.remove(key);
      if (dirty.add(key) && !processing.contains(key)) {
        readySince.put(key, now);
        ready.addLast(key);
      }
    }
  }

  private record Delayed<K>(long dueNanos, long sequence, K key) implements Comparable<Delayed<K>> {
    @Override
    public int compareTo(Delayed<K> other) {
      int byTime = Long.compare(dueNanos, other.dueNanos);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
