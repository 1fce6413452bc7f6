package io.cubevk.app.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final ManualTicker ticker = new ManualTicker();
  private final WorkQueue<String> queue =
      new WorkQueue<>(
          new RetryBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(10), 1000, 1000, ticker),
          ticker);

  @Test
  void aKeyAddedManyTimesWaitsOnce() {
    queue.add("a");
    queue.add("b");
    queue.add("a");

    assertThat(queue.depth()).isEqualTo(2);
    assertThat(drain()).containsExactly("a", "b");
  }

  @Test
  void aKeyAddedWhileBeingProcessedIsNotHandedOutUntilDoneThenComesBack() {
    queue.add("a");
    String taken = queue.poll().orElseThrow();

    queue.add("a");

    assertThat(queue.poll()).isEmpty();
    queue.done(taken);
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void aKeyNotAddedAgainDuringProcessingIsGoneAfterDone() {
    queue.add("a");
    queue.done(queue.poll().orElseThrow());

    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void delayedKeysBecomeReadyOnlyWhenTheirTimeHasCome() {
    queue.addAfter("later", Duration.ofSeconds(2));
    queue.addAfter("sooner", Duration.ofSeconds(1));

    assertThat(queue.poll()).isEmpty();
    ticker.advance(Duration.ofMillis(1500));
    assertThat(drain()).containsExactly("sooner");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(drain()).containsExactly("later");
  }

  @Test
  void aKeyScheduledTwiceKeepsTheEarlierTime() {
    queue.addAfter("a", Duration.ofSeconds(5));
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("a", Duration.ofSeconds(3));

    assertThat(queue.delayedCount()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(drain()).containsExactly("a");
    ticker.advance(Duration.ofSeconds(5));
    assertThat(drain()).isEmpty();
  }

  @Test
  void failuresBackOffExponentiallyUntilForgotten() {
    RetryBackoff<String> backoff =
        new RetryBackoff<>(Duration.ofMillis(100), Duration.ofMillis(700), 1000, 1000, ticker);

    assertThat(backoff.nextDelay("a")).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.nextDelay("a")).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.nextDelay("a")).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.nextDelay("a")).isEqualTo(Duration.ofMillis(700));
    assertThat(backoff.nextDelay("b")).isEqualTo(Duration.ofMillis(100));
    backoff.forget("a");
    assertThat(backoff.nextDelay("a")).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theOverallBucketSpreadsAStormOfRetriesBeyondItsBurst() {
    RetryBackoff<Integer> backoff =
        new RetryBackoff<>(Duration.ofMillis(1), Duration.ofSeconds(1), 10, 5, ticker);

    List<Duration> delays = new ArrayList<>();
    for (int key = 0; key < 8; key++) {
      delays.add(backoff.nextDelay(key));
    }

    // five retries fit the burst; then one every 100 ms (10 per second)
    assertThat(delays.subList(0, 5)).allMatch(d -> d.compareTo(Duration.ofMillis(1)) <= 0);
    assertThat(delays.subList(5, 8))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
  }

  @Test
  void addRateLimitedSchedulesTheKeyAfterItsBackoff() {
    queue.addRateLimited("a");

    assertThat(queue.poll()).isEmpty();
    ticker.advance(Duration.ofMillis(100));
    assertThat(queue.poll()).contains("a");
    assertThat(queue.failures("a")).isEqualTo(1);
    queue.forget("a");
    assertThat(queue.failures("a")).isZero();
  }

  @Test
  void concurrentWorkersNeverProcessTheSameKeyAtOnceAndLoseNoAdd() throws Exception {
    WorkQueue<Integer> shared = WorkQueue.withDefaults();
    ConcurrentHashMap<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    ConcurrentHashMap<Integer, AtomicInteger> processedAfterLastAdd = new ConcurrentHashMap<>();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    CountDownLatch stopped = new CountDownLatch(4);
    for (int w = 0; w < 4; w++) {
      workers.execute(
          () -> {
            try {
              Optional<Integer> key;
              while ((key = shared.take()).isPresent()) {
                int k = key.get();
                if (inFlight.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() > 1) {
                  overlaps.incrementAndGet();
                }
                processedAfterLastAdd.computeIfAbsent(k, x -> new AtomicInteger()).set(1);
                inFlight.get(k).decrementAndGet();
                shared.done(k);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              stopped.countDown();
            }
          });
    }
    for (int round = 0; round < 200; round++) {
      for (int k = 0; k < 20; k++) {
        processedAfterLastAdd.computeIfAbsent(k, x -> new AtomicInteger()).set(0);
        shared.add(k);
      }
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> processedAfterLastAdd.values().stream().allMatch(v -> v.get() == 1));
    shared.shutDown();
    assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    workers.shutdown();
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void keysDueTogetherWakeAsManyWaitingWorkersAsThereAreKeys() throws Exception {
    // Each worker holds its key until all four are held at once: that only happens if the four
    // keys, promoted by one worker, woke three more (one wake-up per key, not one in all).
    WorkQueue<String> shared = WorkQueue.withDefaults();
    int keys = 4;
    CyclicBarrier allHeld = new CyclicBarrier(keys);
    CountDownLatch finished = new CountDownLatch(keys);
    ExecutorService workers = Executors.newFixedThreadPool(keys);
    for (int i = 0; i < keys; i++) {
      workers.submit(
          () -> {
            Optional<String> key = shared.take();
            allHeld.await(10, TimeUnit.SECONDS);
            shared.done(key.orElseThrow());
            finished.countDown();
            return null;
          });
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> shared.depth() == 0);

    for (int i = 0; i < keys; i++) {
      shared.addAfter("k" + i, Duration.ofMillis(50));
    }

    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    workers.shutdownNow();
  }

  @Test
  void shutDownReleasesWaitingWorkers() throws Exception {
    WorkQueue<String> shared = WorkQueue.withDefaults();
    CountDownLatch released = new CountDownLatch(1);
    Thread worker =
        new Thread(
            () -> {
              try {
                if (shared.take().isEmpty()) {
                  released.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    worker.start();

    shared.shutDown();

    assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theWaitObserverHearsHowLongEachKeyWaitedFromBeingQueuedOrDueUntilTaken() {
    List<Duration> waits = new ArrayList<>();
    queue.observeWaits(waits::add);

    queue.add("a");
    ticker.advance(Duration.ofMillis(300));
    queue.addAfter("b", Duration.ofSeconds(1));
    ticker.advance(Duration.ofSeconds(1));
    String a = queue.poll().orElseThrow();
    ticker.advance(Duration.ofMillis(200));
    String b = queue.poll().orElseThrow();

    assertThat(List.of(a, b)).containsExactly("a", "b");
    // a: queued 1.3 s before it was taken; b: due 0.2 s before, its delay is not waiting
    assertThat(waits).containsExactly(Duration.ofMillis(1300), Duration.ofMillis(200));
  }

  private List<String> drain() {
    List<String> keys = new ArrayList<>();
    Optional<String> key;
    while ((key = queue.poll()).isPresent()) {
      keys.add(key.get());
      queue.done(key.get());
    }
    return keys;
  }
}
