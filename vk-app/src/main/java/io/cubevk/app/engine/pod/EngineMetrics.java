package io.cubevk.app.engine.pod;

import java.time.Duration;

/**
 * What the engine reports about itself; the wiring exports it (Prometheus), tests count with it.
 * Calls must be cheap and never block.
 */
public interface EngineMetrics {

  /** A pod turned Running, this long after the agent first saw it bound to its node. */
  void podStarted(Duration boundToRunning);

  /** A reconcile step ended with this outcome ("done", "after", "retry"). */
  void reconciled(String outcome, Duration took);

  /** A pod was set Failed by the agent, for this reason. */
  void podFailed(String reason);

  /**
   * A pod key waited this long in the work queue before a worker took it (queue latency: a growing
   * figure means the workers cannot keep up).
   */
  default void queueWait(Duration waited) {}

  /** Metrics that go nowhere. */
  EngineMetrics NONE =
      new EngineMetrics() {
        @Override
        public void podStarted(Duration boundToRunning) {}

        @Override
        public void reconciled(String outcome, Duration took) {}

        @Override
        public void podFailed(String reason) {}
      };
}
