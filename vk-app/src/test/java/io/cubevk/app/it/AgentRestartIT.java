package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodUid;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An agent killed in the middle of a burst, and a fresh one started in its place: the new agent
 * adopts the Cubes the old one made, creates none twice, leaves none behind (the Cube of a pod
 * force-deleted meanwhile is collected as an orphan), and finishes the deletions requested while no
 * agent was running.
 */
class AgentRestartIT extends ClusterHarness {

  private static final int PODS = 40;

  @Test
  void anAgentKilledMidBurstIsReplacedWithoutDuplicateOrphanOrLostDelete() throws Exception {
    Agent first = startAgent(node);
    create(onNode(nginx("steady")));
    V1Pod forceDeleted = create(onNode(nginx("force-deleted")));
    awaitPhase("steady", "Running");
    awaitPhase("force-deleted", "Running");
    ExecutorService users = Executors.newFixedThreadPool(4);
    List<V1Pod> pods = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> creates = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        String name = "burst-" + i;
        creates.add(users.submit(() -> pods.add(create(onNode(nginx(name))))));
      }
      await("some Cubes created")
          .atMost(AT_MOST)
          .until(() -> cloud.callLog().count(CloudAction.CREATE_CUBE_POD) >= 10);

      first.kill();
      for (Future<?> f : creates) {
        f.get();
      }
      // Deleted while no agent runs: only the next agent can finish these.
      List<String> deletedMeanwhile =
          List.of("burst-0", "burst-1", "burst-2", "burst-3", "burst-4");
      deletedMeanwhile.forEach(this::delete);
      // Force-deleted while no agent runs: its Cube is an orphan the next agent must collect.
      user.deleteNamespacedPod("force-deleted", NAMESPACE)
          .gracePeriodSeconds(0)
          .buildCall(null)
          .execute()
          .close();
      long createsByFirst = cloud.callLog().count(CloudAction.CREATE_CUBE_POD);
      long steadyWrites = agentRequests("steady", RequestLog.writesTo("pods", "pods/status")::test);

      startAgent(node);

      List<String> kept =
          pods.stream()
              .map(p -> p.getMetadata().getName())
              .filter(n -> !deletedMeanwhile.contains(n))
              .toList();
      await("the rest running")
          .atMost(Duration.ofSeconds(60))
          .until(() -> kept.stream().allMatch(n -> phase(n).equals("Running")));
      deletedMeanwhile.forEach(this::awaitGone);
      await("the orphan collected")
          .atMost(AT_MOST)
          .until(() -> cubesOf(uid(forceDeleted)).isEmpty());
      assertThat(agentRequests("steady", RequestLog.writesTo("pods", "pods/status")::test))
          .as("the new agent found the running pod's status already right")
          .isEqualTo(steadyWrites);
      Map<PodUid, List<ObservedCube>> cubesByPod =
          cloud.cubes().stream().collect(Collectors.groupingBy(ObservedCube::podUid));
      assertThat(cubesByPod.values()).allMatch(c -> c.size() == 1);
      List<PodUid> expected =
          new ArrayList<>(
              pods.stream()
                  .filter(p -> kept.contains(p.getMetadata().getName()))
                  .map(ClusterHarness::uid)
                  .toList());
      expected.add(uid(pod("steady").orElseThrow()));
      assertThat(cubesByPod.keySet()).containsExactlyInAnyOrderElementsOf(expected);
      System.out.printf(
          "agent restart mid-burst: %d of %d Cubes created before the kill, %d after%n",
          createsByFirst,
          PODS,
          cloud.callLog().count(CloudAction.CREATE_CUBE_POD) - createsByFirst);

      kept.forEach(this::delete);
      delete("steady");
      kept.forEach(this::awaitGone);
      await("no Cube left").atMost(AT_MOST).until(() -> cloud.cubes().isEmpty());
    } finally {
      users.shutdownNow();
    }
  }
}
