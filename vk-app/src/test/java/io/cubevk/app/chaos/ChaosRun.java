package io.cubevk.app.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import io.cubevk.adapter.fake.cloud.CallLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.Faults;
import io.cubevk.app.chaos.ChaosSchedule.AgentRestart;
import io.cubevk.app.chaos.ChaosSchedule.ApiServerRestart;
import io.cubevk.app.chaos.ChaosSchedule.ApiWriteFailures;
import io.cubevk.app.chaos.ChaosSchedule.CloudLatency;
import io.cubevk.app.chaos.ChaosSchedule.CloudOutage;
import io.cubevk.app.chaos.ChaosSchedule.CloudRetCode;
import io.cubevk.app.chaos.ChaosSchedule.CloudTimeout;
import io.cubevk.app.chaos.ChaosSchedule.Fate;
import io.cubevk.app.chaos.ChaosSchedule.Fault;
import io.cubevk.app.chaos.ChaosSchedule.Lifecycle;
import io.cubevk.app.chaos.ChaosSchedule.LostCreateAnswers;
import io.cubevk.app.chaos.ChaosSchedule.NodeRemoved;
import io.cubevk.app.chaos.ChaosSchedule.PodPlan;
import io.cubevk.app.chaos.ChaosSchedule.Round;
import io.cubevk.app.chaos.ChaosSchedule.WatchDrop;
import io.cubevk.app.chaos.ChaosSchedule.WatchGone;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.cube.ObservedCube;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays a {@link ChaosSchedule} against a {@link ChaosCluster}: round after round, the round's
 * faults, its burst of pods (an agent kill or a Node removal in the middle of it when scheduled),
 * the deletes and Secrets that fall due; then every remaining delete and Secret, faults off, and a
 * wait until the end state holds (or the time is up), which {@link ChaosFigures} then judges.
 */
final class ChaosRun {

  /** How long a round may wait for its pods to settle before the next one starts anyway. */
  private static final Duration ROUND_BUDGET = Duration.ofSeconds(3);

  private final ChaosSchedule schedule;
  private final ChaosCluster cluster;
  private final PlantedSecrets secrets;
  private final PrintStream out;
  private final String tag;
  private final ExecutorService users = Executors.newFixedThreadPool(8);

  /** Every pod created, in creation order (a re-created name is a second lifecycle). */
  private final List<Lifecycle> lifecycles = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The uid each name has now. */
  private final Map<String, String> uids = new ConcurrentHashMap<>();

  private final Set<String> deletedNames = ConcurrentHashMap.newKeySet();
  private final Set<String> deletedUids = ConcurrentHashMap.newKeySet();
  private final AtomicLong recreated = new AtomicLong();
  private final Set<Integer> secretsCreated = ConcurrentHashMap.newKeySet();
  private final List<Faults.Registration> cloudRules = new ArrayList<>();
  private final List<Faults.Registration> latencyRules = new ArrayList<>();
  private final AtomicLong slowedCalls = new AtomicLong();
  private final AtomicLong agentRestarts = new AtomicLong();
  private final List<Long> nodeRecreatedMillis = new ArrayList<>();
  private long nodeRemovals;
  private long outageWindows;
  private long watchDrops;
  private long goneWatches;
  private long writeFailuresAsked;
  private long apiServerRestarts;
  private final List<Long> roundMillis = new ArrayList<>();
  private long finalMillis;

  ChaosRun(ChaosSchedule schedule, ChaosCluster cluster, PlantedSecrets secrets, PrintStream out) {
    this.schedule = schedule;
    this.cluster = cluster;
    this.secrets = secrets;
    this.out = out;
    this.tag = schedule.settings().tag();
  }

  /** Plays every round and the final phase; returns the figures once the end state holds. */
  ChaosFigures play(Duration convergeWithin) throws Exception {
    try {
      cluster.plantSecrets();
      cluster.startAgent();
      cluster.nodes.forEach(n -> awaitNodeBack(n.name(), ""));
      for (Round round : schedule.rounds()) {
        long start = System.nanoTime();
        playRound(round);
        roundMillis.add((System.nanoTime() - start) / 1_000_000);
      }
      long start = System.nanoTime();
      finalPhase();
      ChaosFigures figures = converge(convergeWithin);
      finalMillis = (System.nanoTime() - start) / 1_000_000;
      return figures;
    } finally {
      users.shutdownNow();
    }
  }

  /** How long each round took, and the final phase until the end state held, in ms. */
  String timings() {
    return "rounds " + roundMillis + " ms, final phase " + finalMillis + " ms";
  }

  /** Pods created again under the name of a deleted one. */
  long recreated() {
    return recreated.get();
  }

  /** What was injected, as counted by the fakes (not as scheduled). */
  String faultFigures() {
    CallLog calls = cluster.cloud.fake().callLog();
    long refusals = count(calls, CallLog.Outcome.REFUSED);
    long timeouts = count(calls, CallLog.Outcome.TIMED_OUT);
    long lost = count(calls, CallLog.Outcome.ANSWER_LOST);
    long outageCalls = count(calls, CallLog.Outcome.OUTAGE);
    long failedWrites = cluster.server.requestLog().count(ChaosRun::isAgentWriteFailure);
    return String.format(
        "cloud RetCode refusals %d, timeouts %d, lost create answers %d, slowed calls %d,"
            + " outage windows %d (%d"
            + " calls refused), watch drops %d, 410 Gone watches asked %d, API server restarts %d,"
            + " agent writes failed 500/429 %d (of %d asked), agent restarts %d, nodes removed %d"
            + " (back after %s ms)",
        refusals,
        timeouts,
        lost,
        slowedCalls.get(),
        outageWindows,
        outageCalls,
        watchDrops,
        goneWatches,
        apiServerRestarts,
        failedWrites,
        writeFailuresAsked,
        agentRestarts.get(),
        nodeRemovals,
        nodeRecreatedMillis);
  }

  long totalFaultsInjected() {
    CallLog calls = cluster.cloud.fake().callLog();
    long failedWrites = cluster.server.requestLog().count(ChaosRun::isAgentWriteFailure);
    return count(calls, CallLog.Outcome.REFUSED)
        + count(calls, CallLog.Outcome.TIMED_OUT)
        + count(calls, CallLog.Outcome.ANSWER_LOST)
        + slowedCalls.get()
        + outageWindows
        + watchDrops
        + goneWatches
        + apiServerRestarts
        + failedWrites
        + agentRestarts.get()
        + nodeRemovals;
  }

  // ------------------------------------------------------------------ rounds

  private void playRound(Round round) throws Exception {
    for (Fault fault : round.faults()) {
      inject(fault);
    }
    List<Future<?>> burst = new ArrayList<>();
    // Earlier pods deleted and awaited Secrets created while this round's burst comes in.
    for (PodPlan pod : schedule.allPods()) {
      if (pod.deleteInRound() == round.index() && uids.containsKey(pod.name())) {
        burst.add(users.submit(() -> delete(pod)));
      }
    }
    for (int s = 0; s < schedule.secrets(); s++) {
      if (schedule.secretAppearsInRound(s) == round.index()) {
        int secret = s;
        burst.add(users.submit(() -> createSecret(secret)));
      }
    }
    for (PodPlan pod : round.pods()) {
      burst.add(users.submit(() -> createAsPlanned(pod)));
    }
    boolean killed = false;
    for (Fault fault : round.faults()) {
      if (fault instanceof AgentRestart restart && !killed) {
        killMidBurst(restart);
        killed = true;
      }
    }
    if (killed) {
      // The rest of the burst's pods are created while no agent runs; then a new one starts
      // (the burst's deletes still under way meet the new agent).
      awaitQuietly(
          Duration.ofSeconds(5),
          () -> round.pods().stream().allMatch(p -> uids.containsKey(p.name())));
      cluster.startAgent();
      agentRestarts.incrementAndGet();
    }
    for (Future<?> f : burst) {
      f.get();
    }
    for (Fault fault : round.faults()) {
      if (fault instanceof NodeRemoved removed) {
        removeNode(removed);
      }
    }
    awaitQuietly(ROUND_BUDGET, () -> settled(round));
    cloudRules.forEach(Faults.Registration::remove);
    cloudRules.clear();
    latencyRules.forEach(r -> slowedCalls.addAndGet(r.fired()));
    latencyRules.clear();
    cluster.server.faults().clear();
  }

  private void finalPhase() throws Exception {
    List<Future<?>> deletes = new ArrayList<>();
    for (PodPlan pod : schedule.allPods()) {
      if (pod.deleteInRound() >= 0 && !deletedNames.contains(pod.name())) {
        deletes.add(users.submit(() -> delete(pod)));
      }
    }
    for (Future<?> f : deletes) {
      f.get();
    }
    for (int s = 0; s < schedule.secrets(); s++) {
      createSecret(s);
    }
    cluster.cloud.fake().faults().clear();
    cluster.server.faults().clear();
  }

  private ChaosFigures converge(Duration within) {
    ChaosFigures[] last = new ChaosFigures[1];
    awaitQuietly(
        within,
        () -> {
          last[0] = ChaosFigures.measure(lifecycles, deletedUids, cluster, secrets);
          return last[0].broken().isEmpty();
        });
    return ChaosFigures.measure(lifecycles, deletedUids, cluster, secrets);
  }

  // ------------------------------------------------------------------ pods

  private void createAsPlanned(PodPlan pod) {
    String uid = create(pod);
    if (pod.fate() != Fate.DELETED_DURING_CREATE) {
      return;
    }
    if (pod.deleteOnceCubeRequested()) {
      // Deleted while its Cube is being created (it shows ContainerCreating), or after a while
      // if the agent is slow to get there (an outage, a restart).
      awaitQuietly(Duration.ofSeconds(3), () -> hasCube(uid));
    }
    delete(pod);
  }

  private boolean hasCube(String uid) {
    for (ObservedCube cube : cluster.cloud.fake().cubes()) {
      if (cube.podUid().value().equals(uid)) {
        return true;
      }
    }
    return false;
  }

  private void createSecret(int index) {
    if (secretsCreated.add(index)) {
      cluster.createWaitedForSecret(index);
    }
  }

  private String create(PodPlan pod) {
    String uid = cluster.createPod(pod);
    uids.put(pod.name(), uid);
    lifecycles.add(new Lifecycle(pod, uid));
    return uid;
  }

  private void delete(PodPlan pod) {
    String uid = uids.get(pod.name());
    deletedNames.add(pod.name());
    deletedUids.add(uid);
    cluster.deletePod(pod.name(), pod.force());
    if (pod.recreate()) {
      // A graceful delete needs the agent to finish it; a pod still there after 10 s is left
      // to the invariants (it will show as not gone), not re-created over.
      if (awaitQuietly(Duration.ofSeconds(10), () -> !cluster.podExists(pod.name()))) {
        create(pod.secondIncarnation());
        recreated.incrementAndGet();
      }
    }
  }

  /** A round is settled when each of its pods is gone, finished, Running or waiting as planned. */
  private boolean settled(Round round) {
    Map<String, String> phases = new java.util.HashMap<>();
    for (JsonNode pod : cluster.pods()) {
      phases.put(
          pod.path("metadata").path("name").asText(),
          pod.path("metadata").path("deletionTimestamp").isMissingNode()
              ? pod.path("status").path("phase").asText("")
              : "Terminating");
    }
    for (PodPlan pod : round.pods()) {
      String phase = phases.get(pod.name());
      if (deletedNames.contains(pod.name()) && !pod.recreate()) {
        if (phase != null) {
          return false;
        }
      } else if (deletedNames.contains(pod.name())) {
        continue; // its second incarnation may still be on its way
      } else if (pod.fate() == Fate.WAITS_FOR_SECRET) {
        continue;
      } else if (!ChaosFigures.expectedPhase(pod.fate()).equals(phase)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ faults

  private void inject(Fault fault) {
    var cloudFaults = cluster.cloud.fake().faults();
    var serverFaults = cluster.server.faults();
    if (fault instanceof CloudRetCode f) {
      cloudRules.add(
          cloudFaults.add(
              FaultRule.retCode(f.retCode())
                  .on(first(f.actions()), rest(f.actions()))
                  .times(f.times())));
    } else if (fault instanceof CloudTimeout f) {
      cloudRules.add(
          cloudFaults.add(
              FaultRule.timeout(Duration.ofMillis(f.millis()))
                  .on(first(f.actions()), rest(f.actions()))
                  .times(f.times())));
    } else if (fault instanceof LostCreateAnswers f) {
      cloudRules.add(
          cloudFaults.add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD).times(f.times())));
    } else if (fault instanceof CloudLatency f) {
      Faults.Registration slow =
          cloudFaults.add(
              FaultRule.latency(Duration.ofMillis(f.millis()))
                  .on(first(f.actions()), rest(f.actions()))
                  .withProbability(0.5));
      cloudRules.add(slow);
      latencyRules.add(slow);
    } else if (fault instanceof CloudOutage f) {
      cloudFaults.outageFor(Duration.ofMillis(f.millis()));
      outageWindows++;
    } else if (fault instanceof WatchDrop) {
      serverFaults.dropAllWatches();
      watchDrops++;
    } else if (fault instanceof WatchGone f) {
      serverFaults.failNextWatchesWithGone(f.watches());
      serverFaults.dropAllWatches();
      goneWatches += f.watches();
    } else if (fault instanceof ApiServerRestart) {
      cluster.server.restart();
      apiServerRestarts++;
    } else if (fault instanceof ApiWriteFailures f) {
      serverFaults.failNextWrites(f.count(), f.code());
      writeFailuresAsked += f.count();
    }
    // AgentRestart happens during the burst, NodeRemoved after it.
  }

  private void killMidBurst(AgentRestart restart) {
    long before = cluster.cloud.fake().callLog().count(CloudAction.CREATE_CUBE_POD);
    // Mid-burst: once it made some of the burst's Cubes (or after 3 s, if faults hold it up).
    awaitQuietly(
        Duration.ofSeconds(3),
        () ->
            cluster.cloud.fake().callLog().count(CloudAction.CREATE_CUBE_POD)
                >= before + restart.afterCreates());
    cluster.killAgent();
  }

  private void removeNode(NodeRemoved removed) {
    String name = cluster.nodes.get(removed.node()).name();
    long start = System.nanoTime();
    String oldUid = cluster.removeNodeBehindTheAgentsBack(name);
    nodeRemovals++;
    if (awaitNodeBack(name, oldUid)) {
      nodeRecreatedMillis.add((System.nanoTime() - start) / 1_000_000);
    } else {
      out.println(tag + " node " + name + " was not re-created within 30 s");
    }
  }

  /** Whether the Node came back (another uid than {@code oldUid}, finalizer on) within 30 s. */
  private boolean awaitNodeBack(String name, String oldUid) {
    return awaitQuietly(
        Duration.ofSeconds(30),
        () ->
            cluster
                .node(name)
                .filter(n -> !n.path("metadata").path("uid").asText().equals(oldUid))
                .filter(
                    n ->
                        n.path("metadata")
                            .path("finalizers")
                            .toString()
                            .contains(NodeSettings.FINALIZER))
                .isPresent());
  }

  // ------------------------------------------------------------------ helpers

  /** Waits for the condition; false (not an error) if it did not come true in time. */
  private static boolean awaitQuietly(
      Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(atMost).until(condition);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private static long count(CallLog calls, CallLog.Outcome outcome) {
    return calls.calls().stream().filter(c -> c.outcome() == outcome).count();
  }

  private static CloudAction first(Set<CloudAction> actions) {
    return actions.iterator().next();
  }

  private static CloudAction[] rest(Set<CloudAction> actions) {
    return actions.stream().skip(1).toArray(CloudAction[]::new);
  }

  private static boolean isAgentWriteFailure(RecordedRequest r) {
    return r.user().equals(ChaosCluster.AGENT_USER) && (r.code() == 500 || r.code() == 429);
  }
}
