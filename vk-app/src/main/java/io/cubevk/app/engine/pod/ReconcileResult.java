package io.cubevk.app.engine.pod;

import java.time.Duration;
import java.util.Optional;

/**
 * What a reconcile step asks of the work queue next, named for intent: {@link #done()} (nothing to
 * do until something changes), {@link #after(Duration)} (look again later), {@link #retry(String)}
 * (it failed: come back after the pod's backoff).
 */
public record ReconcileResult(Kind kind, Optional<Duration> delay, Optional<String> failure) {

  /** The three outcomes. */
  public enum Kind {
    DONE,
    AFTER,
    RETRY
  }

  public static ReconcileResult done() {
    return new ReconcileResult(Kind.DONE, Optional.empty(), Optional.empty());
  }

  public static ReconcileResult after(Duration delay) {
    return new ReconcileResult(Kind.AFTER, Optional.of(delay), Optional.empty());
  }

  public static ReconcileResult retry(String failure) {
    return new ReconcileResult(Kind.RETRY, Optional.empty(), Optional.of(failure));
  }
}
