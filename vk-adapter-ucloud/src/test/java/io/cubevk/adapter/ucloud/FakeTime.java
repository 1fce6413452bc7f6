package io.cubevk.adapter.ucloud;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that only moves when the adapter sleeps, and remembers every sleep. */
final class FakeTime extends Ticker implements Sleeper {

  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long read() {
    return nanos.get();
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    nanos.addAndGet(duration.toNanos());
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
