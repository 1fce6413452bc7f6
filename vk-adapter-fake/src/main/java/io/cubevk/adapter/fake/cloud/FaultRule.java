package io.cubevk.adapter.fake.cloud;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One programmable misbehaviour of the fake cloud, added with {@link Faults#add(FaultRule)}. A rule
 * has a kind (refuse with a RetCode, lose the answer, add latency, or run a hook), the actions it
 * targets (all by default) and how often it fires: always (the default, so that an adapter's
 * retries cannot hide it), a number of times, or with a probability drawn from the cloud's seeded
 * random source.
 *
 * <p>Rules are immutable; each {@code on}/{@code times}/{@code withProbability} returns a copy:
 *
 * <pre>{@code
 * faults.add(FaultRule.retCode(RetCodes.SERVICE_UNAVAILABLE).on(CloudAction.CREATE_CUBE_POD).times(2));
 * faults.add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD));
 * faults.add(FaultRule.latency(Duration.ofMillis(200)).withProbability(0.1));
 * }</pre>
 */
public final class FaultRule {

  /** What the rule does when it fires. */
  public enum Kind {
    /** Refuse the call with a RetCode; nothing changes in the cloud. */
    RET_CODE,
    /** Perform the call, then lose its answer (the emulator resets the connection). */
    LOSE_ANSWER,
    /** Delay the call (real time, in the calling thread) before serving it. */
    LATENCY,
    /** Run a piece of code before serving the call (to interleave changes deterministically). */
    HOOK,
    /**
     * Keep the caller waiting, then give up without serving the call: the caller cannot tell
     * whether the cloud acted (it did not).
     */
    TIMEOUT
  }

  private final Kind kind;
  private final int retCode;
  private final String message;
  private final Duration latency;
  private final Runnable hook;
  private final Set<CloudAction> actions;
  private final int times; // -1 = unlimited
  private final double probability;

  private FaultRule(
      Kind kind,
      int retCode,
      String message,
      Duration latency,
      Runnable hook,
      Set<CloudAction> actions,
      int times,
      double probability) {
    this.kind = kind;
    this.retCode = retCode;
    this.message = message;
    this.latency = latency;
    this.hook = hook;
    this.actions = actions;
    this.times = times;
    this.probability = probability;
  }

  private static FaultRule of(
      Kind kind, int retCode, String message, Duration latency, Runnable hook) {
    return new FaultRule(
        kind, retCode, message, latency, hook, EnumSet.allOf(CloudAction.class), -1, 1.0);
  }

  /** Refuses calls with this RetCode and UCloud's usual message for it. */
  public static FaultRule retCode(int retCode) {
    return retCode(retCode, RetCodes.defaultMessage(retCode));
  }

  /** Refuses calls with this RetCode and message. */
  public static FaultRule retCode(int retCode, String message) {
    if (retCode == RetCodes.OK) {
      throw new IllegalArgumentException("FaultRule.retCode: RetCode 0 is success, not a fault");
    }
    return of(Kind.RET_CODE, retCode, Objects.requireNonNull(message), null, null);
  }

  /**
   * Performs calls and then loses their answers: the port reports {@code OutcomeUnknown} for a
   * create (and {@code Unavailable} otherwise), the emulator resets the connection.
   */
  public static FaultRule loseAnswer() {
    return of(Kind.LOSE_ANSWER, RetCodes.OK, "", null, null);
  }

  /** Delays calls by this much real time before serving them. */
  public static FaultRule latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("FaultRule.latency: cannot be negative, got " + latency);
    }
    return of(Kind.LATENCY, RetCodes.OK, "", latency, null);
  }

  /**
   * Times calls out: the caller waits {@code after} (real time), then the call fails without having
   * been served. The port reports {@code OutcomeUnknown} for a create (a caller that timed out
   * cannot know the cloud did nothing) and {@code Unavailable} otherwise; the emulator resets the
   * connection. API actions only, like {@link #loseAnswer()}.
   */
  public static FaultRule timeout(Duration after) {
    if (after.isNegative()) {
      throw new IllegalArgumentException("FaultRule.timeout: cannot be negative, got " + after);
    }
    return of(Kind.TIMEOUT, RetCodes.OK, "", after, null);
  }

  /**
   * Runs the hook before serving each targeted call, in the calling thread, before any other rule.
   * Tests use it to change the cloud at an exact point, e.g. between the pages of a list.
   */
  public static FaultRule hook(Runnable hook) {
    return of(Kind.HOOK, RetCodes.OK, "", null, Objects.requireNonNull(hook));
  }

  /** Targets only these actions. */
  public FaultRule on(CloudAction first, CloudAction... more) {
    return new FaultRule(
        kind, retCode, message, latency, hook, EnumSet.of(first, more), times, probability);
  }

  /** Fires for the next {@code count} targeted calls only. */
  public FaultRule times(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("FaultRule.times: needs 0 or more, got " + count);
    }
    return new FaultRule(kind, retCode, message, latency, hook, actions, count, probability);
  }

  /** Fires for each targeted call with this probability (0 to 1). */
  public FaultRule withProbability(double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("FaultRule.withProbability: needs 0 to 1, got " + p);
    }
    return new FaultRule(kind, retCode, message, latency, hook, actions, times, p);
  }

  /** Fires for every targeted call (the default). */
  public FaultRule always() {
    return new FaultRule(kind, retCode, message, latency, hook, actions, -1, 1.0);
  }

  public Kind kind() {
    return kind;
  }

  public Set<CloudAction> actions() {
    return EnumSet.copyOf(actions);
  }

  /** The number of firings left when limited with {@link #times(int)}. */
  public Optional<Integer> times() {
    return times < 0 ? Optional.empty() : Optional.of(times);
  }

  public double probability() {
    return probability;
  }

  int retCode() {
    return retCode;
  }

  String message() {
    return message;
  }

  Duration latency() {
    return latency;
  }

  Runnable hook() {
    return hook;
  }

  boolean targets(CloudAction action) {
    return actions.contains(action);
  }

  @Override
  public String toString() {
    String what =
        switch (kind) {
          case RET_CODE -> "RetCode " + retCode;
          case LOSE_ANSWER -> "lose answer";
          case LATENCY -> "latency " + latency;
          case HOOK -> "hook";
          case TIMEOUT -> "timeout after " + latency;
        };
    String often =
        times >= 0 ? times + " times" : probability < 1.0 ? "p=" + probability : "always";
    String on = actions.size() == CloudAction.values().length ? "every action" : actions.toString();
    return "FaultRule{" + what + " on " + on + ", " + often + "}";
  }
}
