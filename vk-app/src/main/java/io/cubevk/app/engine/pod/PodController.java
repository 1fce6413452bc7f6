package io.cubevk.app.engine.pod;

import com.google.common.util.concurrent.AbstractIdleService;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.queue.WorkQueue;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.PodCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod workers: a work queue keyed by pod uid, fed by the pod informer, the Cube cache and input
 * changes, drained by a fixed number of workers that each run one {@link PodReconciler} step at a
 * time. A pod is never in two workers at once; failures come back with the pod's backoff.
 */
public final class PodController extends AbstractIdleService {

  private static final Logger log = LoggerFactory.getLogger(PodController.class);

  private final PodReconciler reconciler;
  private final WorkQueue<PodUid> queue;
  private final PodCache pods;
  private final InputsLookup inputs;
  private final ServedNodes nodes;
  private final PodLedger ledger;
  private final int workerCount;
  private final EngineMetrics metrics;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong steps = new AtomicLong();

  PodController(
      PodReconciler reconciler,
      WorkQueue<PodUid> queue,
      PodCache pods,
      InputsLookup inputs,
      ServedNodes nodes,
      PodLedger ledger,
      int workerCount,
      EngineMetrics metrics) {
    this.reconciler = reconciler;
    this.queue = queue;
    this.pods = pods;
    this.inputs = inputs;
    this.nodes = nodes;
    this.ledger = ledger;
    this.workerCount = workerCount;
    this.metrics = metrics;
  }

  @Override
  protected void startUp() {
    pods.onChange(queue::add);
    inputs.onChange(this::retryWaitingPodsIn);
    for (int i = 0; i < workerCount; i++) {
      Thread worker = new Thread(this::work, "cube-vk-pod-worker-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  @Override
  protected void shutDown() throws InterruptedException {
    queue.shutDown();
    for (Thread worker : workers) {
      worker.interrupt();
      worker.join(Duration.ofSeconds(10).toMillis());
    }
  }

  @Override
  protected String serviceName() {
    return "pod controller";
  }

  /** Puts every pod of a node in the queue (a node starts being served, a resync). */
  public void enqueueAll(String nodeName) {
    pods.podsOn(nodeName).forEach(pod -> queue.add(pod.uid()));
  }

  /** Reconcile steps run since start. */
  public long steps() {
    return steps.get();
  }

  /** Pods waiting in the queue now. */
  public int queueDepth() {
    return queue.depth();
  }

  private void retryWaitingPodsIn(String namespace) {
    for (ServedNodes.Entry node : nodes.all()) {
      pods.podsOn(node.settings().name()).stream()
          .filter(pod -> pod.namespace().equals(namespace))
          .filter(pod -> ledger.isWaiting(pod.uid()))
          .forEach(pod -> queue.add(pod.uid()));
    }
  }

  private void work() {
    while (true) {
      Optional<PodUid> next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next.isEmpty()) {
        return;
      }
      PodUid uid = next.get();
      long started = System.nanoTime();
      try {
        ReconcileResult result = reconciler.reconcile(uid);
        switch (result.kind()) {
          case DONE -> queue.forget(uid);
          case AFTER -> {
            queue.forget(uid);
            queue.addAfter(uid, result.delay().orElse(Duration.ZERO));
          }
          case RETRY -> {
            int failures = queue.failures(uid) + 1;
            if (failures == 1 || failures % 10 == 0) {
              log.warn(
                  "pod {} will be retried (failure {}): {}",
                  uid,
                  failures,
                  result.failure().orElse(""));
            }
            queue.addRateLimited(uid);
          }
        }
        metrics.reconciled(
            result.kind().name().toLowerCase(java.util.Locale.ROOT),
            Duration.ofNanos(System.nanoTime() - started));
      } catch (RuntimeException e) {
        log.error("reconciling pod {} failed unexpectedly; retrying with backoff", uid, e);
        queue.addRateLimited(uid);
        metrics.reconciled("error", Duration.ofNanos(System.nanoTime() - started));
      } finally {
        steps.incrementAndGet();
        queue.done(uid);
      }
    }
  }
}
