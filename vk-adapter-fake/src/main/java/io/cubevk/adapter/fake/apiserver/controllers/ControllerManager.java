package io.cubevk.adapter.fake.apiserver.controllers;

import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs controllers the way kube-controller-manager does, minimally: one work queue of (controller,
 * key) with deduplication, per-key exponential backoff on failure, and delayed requeues. One worker
 * thread serves every controller: the store is in memory, and a single worker keeps reconciles of
 * related objects (a ReplicaSet and its pods) from racing.
 */
public final class ControllerManager {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

  private record Task(Controller controller, String key) {}

  private final Store store;
  private final List<Controller> controllers = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Set<Task> queued = ConcurrentHashMap.newKeySet();
  private final Map<Task, Integer> failures = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cube-vk-apiserver-requeue"));
  private volatile Thread worker;
  private volatile boolean running;

  /** A manager over {@code store}; controllers are added before or after {@link #start()}. */
  public ControllerManager(Store store) {
    this.store = store;
    store.addListener(this::dispatch);
  }

  /** Adds a controller and resyncs it. */
  public void add(Controller c) {
    controllers.add(c);
    if (running) {
      c.resync(k -> enqueue(c, k));
    }
  }

  /** Starts the worker and resyncs every controller. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (Controller c : controllers) {
      c.resync(k -> enqueue(c, k));
    }
    worker = daemon(this::work, "cube-vk-apiserver-controllers");
    worker.start();
  }

  /** Stops the worker. */
  public synchronized void stop() {
    running = false;
    timers.shutdownNow();
    Thread w = worker;
    if (w != null) {
      w.interrupt();
    }
  }

  /** Queues a key for a controller (deduplicated while queued). */
  public void enqueue(Controller c, String key) {
    Task t = new Task(c, key);
    if (queued.add(t)) {
      queue.add(t);
    }
  }

  /** Queues a key after a delay (a controller waiting for time to pass). */
  public void enqueueAfter(Controller c, String key, Duration delay) {
    if (!timers.isShutdown()) {
      timers.schedule(() -> enqueue(c, key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Whether nothing is queued or being reconciled, for tests and benchmarks. */
  public boolean idle() {
    return queued.isEmpty();
  }

  private void dispatch(StoreEvent e) {
    for (Controller c : controllers) {
      c.onEvent(e, k -> enqueue(c, k));
    }
  }

  private void work() {
    while (running) {
      Task t;
      try {
        t = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      // Removed before reconciling, so a change during the reconcile queues it again.
      queued.remove(t);
      try {
        t.controller().reconcile(t.key());
        failures.remove(t);
      } catch (RuntimeException e) {
        int n = failures.merge(t, 1, Integer::sum);
        long delay = Math.min(5_000, 20L << Math.min(n, 8));
        LOG.debug("{} {} failed ({}), retrying in {} ms", t.controller().name(), t.key(), e, delay);
        enqueueAfter(t.controller(), t.key(), Duration.ofMillis(delay));
      }
    }
  }

  Store store() {
    return store;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
