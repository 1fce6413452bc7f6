package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.pod.PodUid;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every call the fake cloud was asked to serve, with its outcome: for assertions in tests and for
 * counting cloud calls per pod in benchmarks. The newest {@code capacity} calls are kept in full;
 * the per-action counters cover every call since the last {@link #clear()}. Arguments are
 * summarised (ids, group, uid): never documents, keys or passwords.
 */
public final class CallLog {

  /** How a call ended. */
  public enum Outcome {
    OK,
    /** Answered with a non-zero RetCode. */
    REFUSED,
    /** Not answered: the service was down. */
    OUTAGE,
    /** Performed, but the answer was lost. */
    ANSWER_LOST,
    /** Not performed: the caller gave up waiting (a timeout fault). */
    TIMED_OUT
  }

  /**
   * One call.
   *
   * @param args a summary of the arguments, e.g. {@code CubeId=cube-ab12cd34}
   * @param podUid the pod the call concerned, when it concerned one Cube
   * @param retCode 0 unless refused (150 for an outage)
   */
  public record Call(
      Instant at,
      CloudAction action,
      String args,
      Optional<PodUid> podUid,
      Outcome outcome,
      int retCode,
      String message) {}

  private final int capacity;
  private final ArrayDeque<Call> calls = new ArrayDeque<>();
  private final Map<CloudAction, LongAdder> counts = new EnumMap<>(CloudAction.class);

  CallLog(int capacity) {
    this.capacity = capacity;
    for (CloudAction a : CloudAction.values()) {
      counts.put(a, new LongAdder());
    }
  }

  void record(Call call) {
    counts.get(call.action()).increment();
    synchronized (calls) {
      if (calls.size() == capacity) {
        calls.removeFirst();
      }
      calls.addLast(call);
    }
  }

  /** The calls kept, oldest first. */
  public List<Call> calls() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  /** The kept calls of one action, oldest first. */
  public List<Call> calls(CloudAction action) {
    return calls().stream().filter(c -> c.action() == action).toList();
  }

  /** How many calls of this action were made (not limited by the capacity). */
  public long count(CloudAction action) {
    return counts.get(action).sum();
  }

  /** How many calls were made in all (not limited by the capacity). */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The kept calls per pod uid (calls about one Cube only; lists are not attributed). */
  public Map<PodUid, Long> countsByPod() {
    Map<PodUid, Long> out = new HashMap<>();
    for (Call c : calls()) {
      c.podUid().ifPresent(uid -> out.merge(uid, 1L, Long::sum));
    }
    return out;
  }

  public void clear() {
    synchronized (calls) {
      calls.clear();
      counts.values().forEach(LongAdder::reset);
    }
  }
}
