package io.cubevk.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.app.chaos.ChaosSchedule.BadTrait;
import io.cubevk.app.chaos.ChaosSchedule.Fate;
import io.cubevk.app.chaos.ChaosSchedule.Lifecycle;
import io.cubevk.app.chaos.ChaosSchedule.PodPlan;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.decision.PodDecision;
import io.cubevk.domain.node.VirtualNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end state of a chaos run held against its invariants: what each pod must be by its fate, what
 * the cloud must hold, and where no secret may appear. Each invariant is a count that must be 0;
 * {@link #broken()} names the ones that are not, with examples.
 */
final class ChaosFigures {

  int lifecycles;
  int duplicateCubes;
  int orphanCubes;
  int stuckTerminating;
  int deletedPodsNotGone;
  int deletedPodsWithCube;
  int wrongPhase;
  int survivorsWithoutOneCube;
  int badPods;
  int badPodsWithoutAllViolations;
  int badPodsWithCube;
  int nodesNotBack;
  int secretsInEvents;
  int eventsScanned;
  int secretsInStatuses;
  int waitingPods;
  int waitingPodsSeenWaiting;
  final Map<String, List<String>> examples = new HashMap<>();

  /** What the cluster and the cloud hold now, judged against the schedule. */
  static ChaosFigures measure(
      List<Lifecycle> lifecycles,
      Set<String> deletedUids,
      ChaosCluster cluster,
      PlantedSecrets secrets) {
    ChaosFigures f = new ChaosFigures();
    Map<String, JsonNode> pods = new HashMap<>();
    cluster.pods().forEach(p -> pods.put(p.path("metadata").path("name").asText(), p));
    Set<String> liveUids =
        pods.values().stream()
            .map(p -> p.path("metadata").path("uid").asText())
            .collect(Collectors.toSet());
    Map<String, List<ObservedCube>> cubesByUid =
        cluster.cloud.fake().cubes().stream()
            .collect(Collectors.groupingBy(c -> c.podUid().value()));
    f.lifecycles = lifecycles.size();

    cubesByUid.forEach(
        (uid, cubes) -> {
          if (cubes.size() > 1) {
            f.duplicateCubes += cubes.size() - 1;
            f.example("duplicate Cubes", uid + " has " + cubes.size());
          }
          if (!liveUids.contains(uid)) {
            f.orphanCubes += cubes.size();
            f.example("orphan Cubes", cubes.get(0).cubeId() + " of pod uid " + uid);
          }
        });
    for (JsonNode pod : pods.values()) {
      if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
        f.stuckTerminating++;
        f.example("stuck terminating", pod.path("metadata").path("name").asText());
      }
    }
    for (Lifecycle lifecycle : lifecycles) {
      PodPlan plan = lifecycle.plan();
      String uid = lifecycle.uid();
      JsonNode pod = pods.get(plan.name());
      boolean present = pod != null && uid.equals(pod.path("metadata").path("uid").asText());
      List<ObservedCube> cubes = cubesByUid.getOrDefault(uid, List.of());
      if (deletedUids.contains(uid)) {
        if (present) {
          f.deletedPodsNotGone++;
          f.example("deleted pods not gone", plan.name());
        }
        if (!cubes.isEmpty()) {
          f.deletedPodsWithCube++;
          f.example(
              "deleted pods' Cubes left",
              plan.name()
                  + " "
                  + cubes.get(0).cubeId()
                  + " "
                  + cubes.get(0).status().phase()
                  + (plan.force() ? " force-deleted" : "")
                  + (plan.recreate() ? " re-created" : "")
                  + " "
                  + plan.fate());
        }
        continue;
      }
      if (!present) {
        f.wrongPhase++;
        f.example("wrong phase", plan.name() + " (uid " + uid + ") is gone but was never deleted");
        continue;
      }
      String phase = pod.path("status").path("phase").asText("<none>");
      String expected = expectedPhase(plan.fate());
      if (!expected.equals(phase)) {
        f.wrongPhase++;
        f.example(
            "wrong phase",
            plan.name()
                + " ("
                + plan.fate()
                + ") is "
                + phase
                + " "
                + pod.path("status").path("reason").asText("")
                + ", expected "
                + expected);
      }
      if (plan.fate() == Fate.BAD) {
        f.badPods++;
        judgeBadPod(f, plan, pod, cubes);
      } else if (cubes.size() != 1) {
        f.survivorsWithoutOneCube++;
        f.example("survivors without exactly one Cube", plan.name() + " has " + cubes.size());
      }
      List<String> inStatus = secrets.foundIn(pod.path("status").toString());
      if (!inStatus.isEmpty()) {
        f.secretsInStatuses++;
        f.example("secrets in pod statuses", plan.name() + ": " + inStatus);
      }
    }
    for (VirtualNode node : cluster.nodes) {
      boolean back =
          cluster
              .node(node.name())
              .filter(n -> n.path("metadata").path("deletionTimestamp").isMissingNode())
              .filter(
                  n ->
                      n.path("metadata")
                          .path("finalizers")
                          .toString()
                          .contains(NodeSettings.FINALIZER))
              .filter(ChaosFigures::ready)
              .isPresent();
      if (!back) {
        f.nodesNotBack++;
        f.example("nodes missing, unfinalized or not Ready", node.name());
      }
    }
    List<JsonNode> events = cluster.events();
    f.eventsScanned = events.size();
    Set<String> seenWaiting =
        events.stream()
            .filter(e -> "CreateContainerConfigError".equals(e.path("reason").asText()))
            .map(e -> e.path("involvedObject").path("name").asText())
            .collect(Collectors.toSet());
    for (Lifecycle lifecycle : lifecycles) {
      PodPlan plan = lifecycle.plan();
      if (plan.fate() == Fate.WAITS_FOR_SECRET) {
        f.waitingPods++;
        if (seenWaiting.contains(plan.name())) {
          f.waitingPodsSeenWaiting++;
        }
      }
    }
    for (JsonNode event : events) {
      List<String> found = secrets.foundIn(event.toString());
      if (!found.isEmpty()) {
        f.secretsInEvents++;
        f.example("secrets in events", event.path("reason").asText() + " " + found);
      }
    }
    return f;
  }

  static String expectedPhase(Fate fate) {
    return switch (fate) {
      case RUNS, DELETED_LATER, DELETED_DURING_CREATE, WAITS_FOR_SECRET -> "Running";
      case COMPLETES -> "Succeeded";
      case EXITS_WITH_ERROR, BAD -> "Failed";
    };
  }

  private static void judgeBadPod(
      ChaosFigures f, PodPlan plan, JsonNode pod, List<ObservedCube> cubes) {
    String reason = pod.path("status").path("reason").asText("");
    String message = pod.path("status").path("message").asText("");
    List<String> missing = new ArrayList<>();
    for (BadTrait trait : plan.traits()) {
      if (!message.contains(trait.named)) {
        missing.add(trait.name());
      }
    }
    if (!PodDecision.UNSUPPORTED_POD_SPEC.equals(reason) || !missing.isEmpty()) {
      f.badPodsWithoutAllViolations++;
      f.example(
          "bad pods without all their violations",
          plan.name() + " " + plan.traits() + " reason " + reason + " missing " + missing);
    }
    if (!cubes.isEmpty()) {
      f.badPodsWithCube++;
      f.example("bad pods with a Cube", plan.name());
    }
  }

  private static boolean ready(JsonNode node) {
    for (JsonNode condition : node.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        return "True".equals(condition.path("status").asText());
      }
    }
    return false;
  }

  private void example(String invariant, String what) {
    List<String> list = examples.computeIfAbsent(invariant, k -> new ArrayList<>());
    if (list.size() < 5) {
      list.add(what);
    }
  }

  /** The invariants that do not hold, each with its count and first examples; empty if all hold. */
  List<String> broken() {
    List<String> broken = new ArrayList<>();
    check(broken, "duplicate Cubes", duplicateCubes);
    check(broken, "orphan Cubes", orphanCubes);
    check(broken, "stuck terminating", stuckTerminating);
    check(broken, "deleted pods not gone", deletedPodsNotGone);
    check(broken, "deleted pods' Cubes left", deletedPodsWithCube);
    check(broken, "wrong phase", wrongPhase);
    check(broken, "survivors without exactly one Cube", survivorsWithoutOneCube);
    check(broken, "bad pods without all their violations", badPodsWithoutAllViolations);
    check(broken, "bad pods with a Cube", badPodsWithCube);
    check(broken, "nodes missing, unfinalized or not Ready", nodesNotBack);
    check(broken, "secrets in events", secretsInEvents);
    check(broken, "secrets in pod statuses", secretsInStatuses);
    return broken;
  }

  private void check(List<String> broken, String invariant, int count) {
    if (count != 0) {
      broken.add(invariant + ": " + count + " " + examples.getOrDefault(invariant, List.of()));
    }
  }

  /** The invariants as figures, one line. */
  String line() {
    return String.format(
        "duplicate Cubes %d, orphan Cubes %d, stuck terminating %d, deleted pods not gone %d,"
            + " deleted pods' Cubes left %d, wrong phase %d, survivors without one Cube %d,"
            + " bad pods Failed with every violation %d/%d (with a Cube %d), nodes not back %d,"
            + " secrets in %d events %d, in pod statuses %d; pods waiting for a Secret reported"
            + " CreateContainerConfigError first %d/%d",
        duplicateCubes,
        orphanCubes,
        stuckTerminating,
        deletedPodsNotGone,
        deletedPodsWithCube,
        wrongPhase,
        survivorsWithoutOneCube,
        badPods - badPodsWithoutAllViolations,
        badPods,
        badPodsWithCube,
        nodesNotBack,
        eventsScanned,
        secretsInEvents,
        secretsInStatuses,
        waitingPodsSeenWaiting,
        waitingPods);
  }
}
