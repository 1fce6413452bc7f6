package io.cubevk.adapter.fake.cloud;

import java.util.ArrayDeque;

/**
 * The callbacks of one stream, delivered on the stream thread in the order they were submitted, one
 * at a time, and never after {@link #close()} has returned.
 *
 * <p>Two locks: the queue's, held only to add or take a callback (so producers holding their own
 * locks never wait for a running callback), and the running callback's, which {@code close} also
 * takes — it waits for a callback in progress, and a callback may close its own stream.
 */
final class Delivery {

  private final StreamHub hub;
  private final Object queueLock = new Object();
  private final Object runLock = new Object();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean scheduled;
  private volatile boolean closed;

  Delivery(StreamHub hub) {
    this.hub = hub;
  }

  void submit(Runnable callback) {
    synchronized (queueLock) {
      if (closed) {
        return;
      }
      queue.addLast(callback);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    hub.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (queueLock) {
        next = closed ? null : queue.pollFirst();
        if (next == null) {
          scheduled = false;
          return;
        }
      }
      synchronized (runLock) {
        if (!closed) {
          next.run();
        }
      }
    }
  }

  void close() {
    synchronized (runLock) {
      synchronized (queueLock) {
        closed = true;
        queue.clear();
      }
    }
  }

  boolean isClosed() {
    return closed;
  }
}
