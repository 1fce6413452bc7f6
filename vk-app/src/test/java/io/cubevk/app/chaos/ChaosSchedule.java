package io.cubevk.app.chaos;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.RetCodes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole chaos of one run, drawn from its seed before anything starts: rounds, each a burst of
 * pods with their fates and a few faults. Everything random about a run is here, so the seed
 * replays the same pods, fates and faults in the same order (thread timing aside).
 */
record ChaosSchedule(ChaosSettings settings, List<Round> rounds, int secrets) {

  /** What becomes of one pod. */
  enum Fate {
    /** Runs until the end: must be Running with exactly one Cube. */
    RUNS,
    /** Deleted by the user in a later round (or at the end): pod and Cube gone. */
    DELETED_LATER,
    /** Deleted while the agent creates its Cube: pod and Cube gone. */
    DELETED_DURING_CREATE,
    /** Its container exits 0 with restartPolicy Never: Succeeded. */
    COMPLETES,
    /** Its container exits 3 with restartPolicy Never: Failed. */
    EXITS_WITH_ERROR,
    /** Something Cube cannot run: Failed, every problem named, no Cube. */
    BAD,
    /** Needs a Secret that appears in a later round: Pending, then Running. */
    WAITS_FOR_SECRET
  }

  /** What makes a bad pod bad, and the words its Failed message must contain for it. */
  enum BadTrait {
    UNSUPPORTED_VOLUME("hostPath"),
    BAD_ANNOTATION("cube-chargetype"),
    SIZE_TOO_BIG("fits no Cube size"),
    TOO_MANY_CONTAINERS("4 containers"),
    HOST_NETWORK("spec.hostNetwork");

    final String named;

    BadTrait(String named) {
      this.named = named;
    }
  }

  /**
   * One pod of a burst.
   *
   * @param deleteInRound the round at whose start it is deleted, during that round's burst ({@code
   *     rounds} = the final phase), or -1
   * @param deleteOnceCubeRequested for {@link Fate#DELETED_DURING_CREATE}: deleted once its Cube's
   *     create reached the cloud (the Cube is being created), else at once after its creation
   * @param secret for {@link Fate#WAITS_FOR_SECRET}: the index of the Secret it waits for, or -1
   * @param pullSecret whether it pulls with the planted registry credentials
   * @param tokenVolume whether it mounts the planted service-account token Secret
   * @param envSecret whether it reads the planted env Secret into its environment
   * @param force for a deleted pod: deleted with grace 0 ({@code kubectl delete --force}), so the
   *     pod is gone at once and its Cube is the agent's to collect
   */
  record PodPlan(
      String name,
      int node,
      Fate fate,
      int deleteInRound,
      boolean deleteOnceCubeRequested,
      Set<BadTrait> traits,
      int secret,
      boolean pullSecret,
      boolean tokenVolume,
      boolean envSecret,
      boolean force,
      boolean recreate) {

    /** The pod created again under this name: another uid, meant to run to the end. */
    PodPlan secondIncarnation() {
      return new PodPlan(
          name,
          node,
          Fate.RUNS,
          -1,
          false,
          Set.of(),
          -1,
          pullSecret,
          tokenVolume,
          envSecret,
          false,
          false);
    }
  }

  /** One injected fault, applied at its round's start (or during its burst). */
  sealed interface Fault {
    String describe();
  }

  /** The cloud refuses the next {@code times} calls of these actions with a RetCode. */
  record CloudRetCode(int retCode, Set<CloudAction> actions, int times) implements Fault {
    public String describe() {
      return "RetCode " + retCode + " x" + times + " on " + actions;
    }
  }

  /** The next {@code times} calls of these actions time out after {@code millis}. */
  record CloudTimeout(int millis, Set<CloudAction> actions, int times) implements Fault {
    public String describe() {
      return "timeout " + millis + " ms x" + times + " on " + actions;
    }
  }

  /** The next {@code times} creates are performed, their answers lost. */
  record LostCreateAnswers(int times) implements Fault {
    public String describe() {
      return "lost create answer x" + times;
    }
  }

  /**
   * Calls of these actions slowed down by {@code millis} with probability 1/2 for the round, so a
   * delete can arrive while the pod's create is still in flight.
   */
  record CloudLatency(int millis, Set<CloudAction> actions) implements Fault {
    public String describe() {
      return "latency " + millis + " ms on half the calls of " + actions;
    }
  }

  /** Nothing is served for {@code millis}. */
  record CloudOutage(int millis) implements Fault {
    public String describe() {
      return "cloud outage " + millis + " ms";
    }
  }

  /** Every watch connection cut. */
  record WatchDrop() implements Fault {
    public String describe() {
      return "watches dropped";
    }
  }

  /** The next {@code watches} watches answered 410 Gone, after every watch is cut. */
  record WatchGone(int watches) implements Fault {
    public String describe() {
      return "410 Gone x" + watches;
    }
  }

  /** The API server restarts: every connection and watch cut, state kept. */
  record ApiServerRestart() implements Fault {
    public String describe() {
      return "API server restarted";
    }
  }

  /** The next {@code count} writes to the API server fail with {@code code}. */
  record ApiWriteFailures(int count, int code) implements Fault {
    public String describe() {
      return "API writes fail " + code + " x" + count;
    }
  }

  /**
   * The agent killed once its burst made {@code afterCreates} creates; the rest of the burst
   * (creates, deletes, Secrets) lands while no agent runs, then a new agent starts.
   */
  record AgentRestart(int afterCreates) implements Fault {
    public String describe() {
      return "agent killed after " + afterCreates + " creates, restarted";
    }
  }

  /** A Node's finalizer stripped and the Node deleted behind the agent's back. */
  record NodeRemoved(int node) implements Fault {
    public String describe() {
      return "node " + node + " removed behind the agent's back";
    }
  }

  /** One pod as created: a plan and the uid the API server gave it. */
  record Lifecycle(PodPlan plan, String uid) {}

  /** One round: its burst and its faults. */
  record Round(int index, List<PodPlan> pods, List<Fault> faults) {}

  private static final List<Class<? extends Fault>> KINDS =
      List.of(
          CloudRetCode.class,
          CloudTimeout.class,
          LostCreateAnswers.class,
          CloudLatency.class,
          CloudOutage.class,
          WatchDrop.class,
          WatchGone.class,
          ApiWriteFailures.class,
          ApiServerRestart.class,
          AgentRestart.class,
          NodeRemoved.class);

  private static final int[] RET_CODES = {
    RetCodes.SERVICE_UNAVAILABLE, RetCodes.RATE_LIMITED, RetCodes.INTERNAL_ERROR, 5001, 5004
  };

  private static final List<CloudAction> FAULTY_ACTIONS =
      List.of(
          CloudAction.CREATE_CUBE_POD,
          CloudAction.GET_CUBE_POD,
          CloudAction.LIST_CUBE_POD,
          CloudAction.DELETE_CUBE_POD);

  /** Draws the schedule of a run from its seed. */
  static ChaosSchedule plan(ChaosSettings settings) {
    Random random = new Random(settings.seed());
    List<Round> rounds = new ArrayList<>();
    int secrets = 0;
    for (int r = 0; r < settings.rounds(); r++) {
      List<PodPlan> pods = new ArrayList<>();
      for (int i = 0; i < settings.podsPerRound(); i++) {
        Fate fate = fate(random);
        int secret = fate == Fate.WAITS_FOR_SECRET ? secrets++ : -1;
        int deleteIn =
            fate == Fate.DELETED_LATER
                ? Math.min(settings.rounds(), r + 1 + random.nextInt(3))
                : -1;
        pods.add(
            new PodPlan(
                "c" + r + "-" + i,
                random.nextInt(settings.nodes()),
                fate,
                deleteIn,
                random.nextBoolean(),
                fate == Fate.BAD ? traits(random) : Set.of(),
                secret,
                random.nextInt(10) < 3,
                random.nextInt(10) < 2,
                random.nextInt(10) < 3,
                fate == Fate.DELETED_LATER && random.nextInt(10) < 2,
                fate == Fate.DELETED_LATER && random.nextInt(10) < 3));
      }
      rounds.add(new Round(r, pods, faults(random, settings)));
    }
    ensureEveryKindOnce(random, settings, rounds);
    return new ChaosSchedule(settings, rounds, secrets);
  }

  /**
   * The round at whose start the Secret {@code index} is created ({@code rounds} = the final
   * phase): one or two rounds after the pod that waits for it, so the pod is seen waiting first.
   */
  int secretAppearsInRound(int index) {
    for (Round round : rounds) {
      for (PodPlan pod : round.pods()) {
        if (pod.secret() == index) {
          return Math.min(rounds.size(), round.index() + 1 + (index % 2));
        }
      }
    }
    throw new IllegalArgumentException("no pod waits for secret " + index);
  }

  List<PodPlan> allPods() {
    return rounds.stream().flatMap(r -> r.pods().stream()).toList();
  }

  /** How many faults of each kind the schedule holds, by kind name. */
  Map<String, Long> faultCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    KINDS.forEach(k -> counts.put(k.getSimpleName(), 0L));
    rounds.stream()
        .flatMap(r -> r.faults().stream())
        .forEach(f -> counts.merge(f.getClass().getSimpleName(), 1L, Long::sum));
    return counts;
  }

  Map<Fate, Long> fateCounts() {
    return allPods().stream()
        .collect(
            Collectors.groupingBy(
                PodPlan::fate, () -> new java.util.EnumMap<>(Fate.class), Collectors.counting()));
  }

  private static Fate fate(Random random) {
    int draw = random.nextInt(100);
    if (draw < 22) {
      return Fate.RUNS;
    }
    if (draw < 57) {
      return Fate.DELETED_LATER;
    }
    if (draw < 72) {
      return Fate.DELETED_DURING_CREATE;
    }
    if (draw < 76) {
      return Fate.COMPLETES;
    }
    if (draw < 80) {
      return Fate.EXITS_WITH_ERROR;
    }
    if (draw < 90) {
      return Fate.BAD;
    }
    return Fate.WAITS_FOR_SECRET;
  }

  private static Set<BadTrait> traits(Random random) {
    Set<BadTrait> traits = EnumSet.noneOf(BadTrait.class);
    for (BadTrait trait : BadTrait.values()) {
      if (random.nextInt(3) == 0) {
        traits.add(trait);
      }
    }
    if (traits.isEmpty()) {
      traits.add(BadTrait.values()[random.nextInt(BadTrait.values().length)]);
    }
    return traits;
  }

  private static List<Fault> faults(Random random, ChaosSettings settings) {
    List<Fault> faults = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      faults.add(fault(KINDS.get(weightedKind(random)), random, settings));
    }
    return faults;
  }

  /** Disruptive faults (restarts, node removals) are drawn less often than the rest. */
  private static int weightedKind(Random random) {
    int draw = random.nextInt(100);
    if (draw < 84) {
      return draw % 8; // the eight cloud, watch and write faults
    }
    return draw < 89 ? 8 : draw < 95 ? 9 : 10;
  }

  private static Fault fault(Class<? extends Fault> kind, Random random, ChaosSettings settings) {
    if (kind == CloudRetCode.class) {
      return new CloudRetCode(
          RET_CODES[random.nextInt(RET_CODES.length)], actions(random), 1 + random.nextInt(6));
    }
    if (kind == CloudTimeout.class) {
      return new CloudTimeout(100 + random.nextInt(400), actions(random), 1 + random.nextInt(4));
    }
    if (kind == LostCreateAnswers.class) {
      return new LostCreateAnswers(1 + random.nextInt(4));
    }
    if (kind == CloudLatency.class) {
      return new CloudLatency(200 + random.nextInt(600), actions(random));
    }
    if (kind == CloudOutage.class) {
      return new CloudOutage(300 + random.nextInt(1200));
    }
    if (kind == WatchDrop.class) {
      return new WatchDrop();
    }
    if (kind == WatchGone.class) {
      return new WatchGone(1 + random.nextInt(6));
    }
    if (kind == ApiWriteFailures.class) {
      return new ApiWriteFailures(1 + random.nextInt(8), random.nextBoolean() ? 500 : 429);
    }
    if (kind == ApiServerRestart.class) {
      return new ApiServerRestart();
    }
    if (kind == AgentRestart.class) {
      return new AgentRestart(1 + random.nextInt(Math.max(1, settings.podsPerRound() / 2)));
    }
    return new NodeRemoved(random.nextInt(settings.nodes()));
  }

  private static Set<CloudAction> actions(Random random) {
    Set<CloudAction> actions = EnumSet.noneOf(CloudAction.class);
    for (CloudAction action : FAULTY_ACTIONS) {
      if (random.nextBoolean()) {
        actions.add(action);
      }
    }
    if (actions.isEmpty()) {
      actions.add(FAULTY_ACTIONS.get(random.nextInt(FAULTY_ACTIONS.size())));
    }
    return actions;
  }

  /** A short run must still meet every kind of fault at least once. */
  private static void ensureEveryKindOnce(
      Random random, ChaosSettings settings, List<Round> rounds) {
    for (Class<? extends Fault> kind : KINDS) {
      boolean present =
          rounds.stream().flatMap(r -> r.faults().stream()).anyMatch(kind::isInstance);
      if (!present) {
        Round round = rounds.get(random.nextInt(rounds.size()));
        List<Fault> faults = new ArrayList<>(round.faults());
        faults.add(fault(kind, random, settings));
        rounds.set(round.index(), new Round(round.index(), round.pods(), List.copyOf(faults)));
      }
    }
  }
}
