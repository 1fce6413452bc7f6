package io.cubevk.adapter.fake.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread behind every stream of a fake cloud: it delivers callbacks (in submission order)
 * and, every poll interval or as soon as a {@link ManualClock} moves, lets each open stream look
 * for news (new log lines, a sleep that ended, a container that stopped). Hundreds of open streams
 * cost no thread each. Started on first use.
 */
final class StreamHub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

  /** An open stream that looks for news on every tick. */
  interface Polled {
    void poll(Instant now);
  }

  private final Clock clock;
  private final Duration interval;
  private final Set<Polled> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final Runnable onClockMoved = this::wake;
  private ScheduledExecutorService executor;
  private boolean closed;

  StreamHub(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  void open(Polled stream) {
    open.add(stream);
    wake();
  }

  void closed(Polled stream) {
    open.remove(stream);
  }

  int openStreams() {
    return open.size();
  }

  /** Runs a callback on the stream thread, after those submitted before it. */
  void execute(Runnable task) {
    ScheduledExecutorService ex = executor();
    if (ex == null) {
      return; // closed: streams stop delivering
    }
    try {
      ex.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.warn("a stream callback failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("stream callback dropped: the fake cloud is closed");
    }
  }

  /** Polls every open stream soon. */
  void wake() {
    if (!open.isEmpty() && wakeQueued.compareAndSet(false, true)) {
      execute(
          () -> {
            wakeQueued.set(false);
            pollAll();
          });
    }
  }

  private void pollAll() {
    Instant now = clock.instant();
    for (Polled s : open) {
      try {
        s.poll(now);
      } catch (RuntimeException e) {
        LOG.warn("a stream failed while polling", e);
      }
    }
  }

  /** The stream thread, started on first use; null once closed. */
  private synchronized ScheduledExecutorService executor() {
    if (closed) {
      return null;
    }
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "fake-cube-cloud-streams");
                t.setDaemon(true);
                return t;
              });
      executor.scheduleWithFixedDelay(
          this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
      if (clock instanceof ManualClock manual) {
        manual.onAdvance(onClockMoved);
      }
    }
    return executor;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (executor != null) {
      executor.shutdownNow();
      if (clock instanceof ManualClock manual) {
        manual.removeListener(onClockMoved);
      }
    }
    open.clear();
  }
}
