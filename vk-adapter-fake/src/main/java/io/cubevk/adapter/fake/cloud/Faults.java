package io.cubevk.adapter.fake.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake cloud's programmable faults: rules ({@link FaultRule}), outages, a rate limit and
 * quotas. They apply to every call, whether it comes through the port ({@link FakeCubeCloud}) or
 * the UCloud API emulator. Thread-safe; changes take effect for the next call.
 */
public final class Faults {

  private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

  /** A rule once added: remove it, or ask how often it fired. */
  public interface Registration {
    /** Stops the rule (calls already past it are not affected). */
    void remove();

    /** How many calls the rule has affected so far. */
    int fired();
  }

  private final Clock clock;
  private final Random random;
  private final CopyOnWriteArrayList<ActiveRule> rules = new CopyOnWriteArrayList<>();
  private volatile Instant outageUntil; // null: no outage
  private volatile int rateLimit; // calls per clock second; 0: unlimited
  private long rateWindowSecond = Long.MIN_VALUE;
  private int rateWindowCount;
  private volatile int maxCubes = Integer.MAX_VALUE;
  private volatile int maxEips = Integer.MAX_VALUE;

  Faults(Clock clock, long seed) {
    this.clock = clock;
    this.random = new Random(seed);
  }

  /** Adds a rule; rules are consulted in the order they were added. */
  public Registration add(FaultRule rule) {
    ActiveRule active = new ActiveRule(rule);
    rules.add(active);
    LOG.debug("fault added: {}", rule);
    return active;
  }

  /** Every call fails as if the service were down (HTTP 503 from the emulator) until ended. */
  public void outage() {
    outageUntil = Instant.MAX;
  }

  /** An outage for this long on the cloud's clock (advance a manual clock to end it). */
  public void outageFor(Duration duration) {
    outageUntil = clock.instant().plus(duration);
  }

  public void endOutage() {
    outageUntil = null;
  }

  public boolean outageActive() {
    Instant until = outageUntil;
    return until != null && clock.instant().isBefore(until);
  }

  /**
   * Refuses calls beyond this many per second of the cloud's clock with RetCode 153, across all
   * actions of the account (as UCloud's gateway does).
   */
  public void rateLimit(int callsPerSecond) {
    if (callsPerSecond < 1) {
      throw new IllegalArgumentException(
          "Faults.rateLimit: needs at least 1 call per second, got " + callsPerSecond);
    }
    rateLimit = callsPerSecond;
  }

  public void noRateLimit() {
    rateLimit = 0;
  }

  /** The account may run at most this many Cubes; creates beyond are refused. */
  public void limitCubes(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("Faults.limitCubes: needs 0 or more, got " + max);
    }
    maxCubes = max;
  }

  /** The account may hold at most this many EIPs; allocations beyond are refused. */
  public void limitEips(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("Faults.limitEips: needs 0 or more, got " + max);
    }
    maxEips = max;
  }

  /** Removes every rule, the outage, the rate limit and the quotas. */
  public void clear() {
    rules.clear();
    outageUntil = null;
    rateLimit = 0;
    maxCubes = Integer.MAX_VALUE;
    maxEips = Integer.MAX_VALUE;
  }

  /** The rules currently registered, in order. */
  public List<FaultRule> rules() {
    List<FaultRule> out = new ArrayList<>();
    rules.forEach(r -> out.add(r.rule));
    return out;
  }

  int maxCubes() {
    return maxCubes;
  }

  int maxEips() {
    return maxEips;
  }

  /** What the faults decided for one call, before it is served. */
  record Verdict(ApiError refusal, boolean loseAnswer, ApiError timeout) {}

  /**
   * Applies the faults to one call: hooks, outage, rate limit, latency, refusals, lost answers. The
   * latency is slept here, in the calling thread, and no lock is held meanwhile.
   */
  Verdict before(CloudAction action) {
    for (ActiveRule r : rules) {
      if (r.rule.kind() == FaultRule.Kind.HOOK && r.fires(action)) {
        r.rule.hook().run();
      }
    }
    if (outageActive()) {
      return new Verdict(ApiError.outage(action), false, null);
    }
    if (overRateLimit()) {
      return new Verdict(
          ApiError.refused(
              RetCodes.RATE_LIMITED,
              action.wireName() + ": API request rate limit exceeded (" + rateLimit + "/s)"),
          false,
          null);
    }
    Duration delay = Duration.ZERO;
    ApiError refusal = null;
    boolean lose = false;
    ApiError timeout = null;
    for (ActiveRule r : rules) {
      switch (r.rule.kind()) {
        case LATENCY -> {
          if (r.fires(action)) {
            delay = delay.plus(r.rule.latency());
          }
        }
        case RET_CODE -> {
          if (refusal == null && r.fires(action)) {
            refusal = ApiError.refused(r.rule.retCode(), r.rule.message());
          }
        }
        case LOSE_ANSWER -> {
          // A stream has no answer to lose: once open it is the answer (and must not leak).
          if (refusal == null && !lose && action.isApiAction() && r.fires(action)) {
            lose = true;
          }
        }
        case TIMEOUT -> {
          if (refusal == null && timeout == null && action.isApiAction() && r.fires(action)) {
            delay = delay.plus(r.rule.latency());
            timeout = ApiError.timedOut(action, r.rule.latency());
          }
        }
        case HOOK -> {}
      }
    }
    sleep(delay);
    if (refusal != null) {
      return new Verdict(refusal, false, null);
    }
    return new Verdict(null, timeout == null && lose, timeout);
  }

  private synchronized boolean overRateLimit() {
    int limit = rateLimit;
    if (limit == 0) {
      return false;
    }
    long second = clock.instant().getEpochSecond();
    if (second != rateWindowSecond) {
      rateWindowSecond = second;
      rateWindowCount = 0;
    }
    rateWindowCount++;
    return rateWindowCount > limit;
  }

  private static void sleep(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean draw(double probability) {
    if (probability >= 1.0) {
      return true;
    }
    synchronized (random) {
      return random.nextDouble() < probability;
    }
  }

  private final class ActiveRule implements Registration {
    final FaultRule rule;
    final AtomicInteger remaining;
    final AtomicInteger fired = new AtomicInteger();

    ActiveRule(FaultRule rule) {
      this.rule = rule;
      this.remaining = new AtomicInteger(rule.times().orElse(-1));
    }

    boolean fires(CloudAction action) {
      if (!rule.targets(action) || !draw(rule.probability())) {
        return false;
      }
      if (remaining.get() >= 0) {
        // Counted rules fire exactly their number of times, even under concurrent calls.
        int left;
        do {
          left = remaining.get();
          if (left == 0) {
            return false;
          }
        } while (!remaining.compareAndSet(left, left - 1));
      }
      fired.incrementAndGet();
      return true;
    }

    @Override
    public void remove() {
      rules.remove(this);
    }

    @Override
    public int fired() {
      return fired.get();
    }
  }
}
