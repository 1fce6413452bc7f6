package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.pod.PodUid;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** The one door every call goes through: faults first, then the action, then the call log. */
final class Gate {

  private final Faults faults;
  private final CallLog log;
  private final Clock clock;

  Gate(Faults faults, CallLog log, Clock clock) {
    this.faults = faults;
    this.log = log;
    this.clock = clock;
  }

  <T> T call(CloudAction action, String args, Optional<PodUid> pod, Supplier<T> operation) {
    Faults.Verdict verdict = faults.before(action);
    Instant at = clock.instant();
    if (verdict.refusal() != null) {
      record(at, action, args, pod, verdict.refusal());
      throw verdict.refusal();
    }
    if (verdict.timeout() != null) {
      record(at, action, args, pod, verdict.timeout());
      throw verdict.timeout();
    }
    T result;
    try {
      result = operation.get();
    } catch (ApiError e) {
      record(at, action, args, pod, e);
      throw e;
    }
    if (verdict.loseAnswer()) {
      ApiError lost = ApiError.answerLost(action);
      record(at, action, args, pod, lost);
      throw lost;
    }
    log.record(new CallLog.Call(at, action, args, pod, CallLog.Outcome.OK, RetCodes.OK, ""));
    return result;
  }

  void run(CloudAction action, String args, Optional<PodUid> pod, Runnable operation) {
    call(
        action,
        args,
        pod,
        () -> {
          operation.run();
          return null;
        });
  }

  /** Records a call refused before it reached the cloud (e.g. a bad signature at the emulator). */
  void recordRefusal(CloudAction action, String args, int retCode, String message) {
    log.record(
        new CallLog.Call(
            clock.instant(),
            action,
            args,
            Optional.empty(),
            CallLog.Outcome.REFUSED,
            retCode,
            message));
  }

  private void record(
      Instant at, CloudAction action, String args, Optional<PodUid> pod, ApiError error) {
    CallLog.Outcome outcome =
        switch (error.kind()) {
          case REFUSED -> CallLog.Outcome.REFUSED;
          case OUTAGE -> CallLog.Outcome.OUTAGE;
          case ANSWER_LOST -> CallLog.Outcome.ANSWER_LOST;
          case TIMED_OUT -> CallLog.Outcome.TIMED_OUT;
        };
    log.record(
        new CallLog.Call(at, action, args, pod, outcome, error.retCode(), error.getMessage()));
  }
}
