package io.cubevk.app.engine.pod;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.translation.Unresolved;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent remembers per pod between reconcile steps: the status it last wrote (so an
 * unchanged status is never written again), whether a create's outcome is unknown (so the next step
 * looks the Cube up instead of creating a second one), whether the EIP flow is done, and what the
 * pod was last waiting for (so the event is not repeated). Lost on restart by design: everything in
 * it can be recomputed from the cluster and the cloud.
 */
final class PodLedger {

  private final Map<PodUid, Entry> entries = new ConcurrentHashMap<>();

  Optional<PodStatus> reported(PodUid uid) {
    return Optional.ofNullable(entry(uid).reported);
  }

  void reported(PodUid uid, PodStatus status) {
    entry(uid).reported = status;
  }

  boolean createOutcomeUnknown(PodUid uid) {
    return entry(uid).createOutcomeUnknown;
  }

  void createOutcomeUnknown(PodUid uid, boolean unknown) {
    entry(uid).createOutcomeUnknown = unknown;
  }

  boolean elasticIpBound(PodUid uid) {
    return entry(uid).elasticIpBound;
  }

  void markElasticIpBound(PodUid uid) {
    entry(uid).elasticIpBound = true;
  }

  /** Records what the pod waits for; true when that changed (time for a new event). */
  boolean waitingFor(PodUid uid, List<Unresolved> unresolved) {
    Entry entry = entry(uid);
    boolean changed = !unresolved.equals(entry.waitingFor);
    entry.waitingFor = List.copyOf(unresolved);
    return changed;
  }

  /** Whether the pod's last step left it waiting for an input. */
  boolean isWaiting(PodUid uid) {
    Entry entry = entries.get(uid);
    return entry != null && !entry.waitingFor.isEmpty();
  }

  /** When the agent first saw the pod bound to its node (for the bound→Running latency). */
  Instant firstSeen(PodUid uid, Instant now) {
    Entry entry = entry(uid);
    if (entry.firstSeen == null) {
      entry.firstSeen = now;
    }
    return entry.firstSeen;
  }

  /** True the first time it is called for a pod: the Running transition is counted once. */
  boolean markRunningObserved(PodUid uid) {
    Entry entry = entry(uid);
    if (entry.runningObserved) {
      return false;
    }
    entry.runningObserved = true;
    return true;
  }

  void forget(PodUid uid) {
    entries.remove(uid);
  }

  int size() {
    return entries.size();
  }

  private Entry entry(PodUid uid) {
    return entries.computeIfAbsent(uid, u -> new Entry());
  }

  /** Mutable, but only ever touched by the one worker that holds the pod's key. */
  private static final class Entry {
    volatile PodStatus reported;
    volatile boolean createOutcomeUnknown;
    volatile boolean elasticIpBound;
    volatile List<Unresolved> waitingFor = List.of();
    volatile Instant firstSeen;
    volatile boolean runningObserved;
  }
}
