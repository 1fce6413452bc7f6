package io.cubevk.adapter.k8s.kubelet;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ceiling on concurrent long-lived things (connections, or streams: log follows, exec and attach
 * sessions, port-forward connections), so that a flood is refused clearly (503, 429) instead of
 * exhausting memory or the cloud's session quota.
 */
final class StreamLimiter {

  private final int limit;
  private final AtomicInteger inUse = new AtomicInteger();

  StreamLimiter(int limit) {
    this.limit = limit;
  }

  boolean tryAcquire() {
    while (true) {
      int current = inUse.get();
      if (current >= limit) {
        return false;
      }
      if (inUse.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    inUse.decrementAndGet();
  }

  int inUse() {
    return inUse.get();
  }

  int limit() {
    return limit;
  }

  /** A slot as a permit released exactly once, whoever notices the end first; null if full. */
  Permit tryPermit() {
    return tryAcquire() ? new Permit(this) : null;
  }

  static final class Permit {
    private final StreamLimiter limiter;
    private boolean released;

    private Permit(StreamLimiter limiter) {
      this.limiter = limiter;
    }

    synchronized void release() {
      if (!released) {
        released = true;
        limiter.release();
      }
    }
  }
}
