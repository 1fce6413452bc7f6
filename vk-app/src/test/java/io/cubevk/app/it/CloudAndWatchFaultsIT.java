package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.Faults;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Faults of the cloud and of the API server's watches: the agent converges anyway. */
class CloudAndWatchFaultsIT extends ClusterHarness {

  @Test
  void createsWhoseAnswersAreLostMakeExactlyOneCubePerPod() {
    Faults.Registration lost =
        cloud.faults().add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD).times(3));
    startAgent(node);

    List<V1Pod> pods =
        IntStream.range(0, 5).mapToObj(i -> create(onNode(nginx("lost-" + i)))).toList();

    pods.forEach(p -> awaitPhase(p.getMetadata().getName(), "Running"));
    assertThat(lost.fired()).isEqualTo(3);
    pods.forEach(p -> assertThat(cubesOf(uid(p))).hasSize(1));
    assertThat(cloud.cubes()).hasSize(5);
  }

  @Test
  void podsCreatedDuringACloudOutageRunOnceItEndsAndTheNodeIsNotReadyMeanwhile() {
    startAgent(node);
    create(onNode(nginx("before")));
    awaitPhase("before", "Running");

    cloud.faults().outage();
    V1Pod during = create(onNode(nginx("during")));
    await("node not ready").atMost(AT_MOST).until(() -> "False".equals(readyStatus()));
    assertThat(phase("during")).isEqualTo("Pending");
    assertThat(cubesOf(uid(during))).isEmpty();

    cloud.faults().endOutage();

    awaitPhase("during", "Running");
    await("node ready").atMost(AT_MOST).until(() -> "True".equals(readyStatus()));
    assertThat(cubesOf(uid(during))).hasSize(1);
    assertThat(phase("before")).isEqualTo("Running");
  }

  @Test
  void droppedWatchesAndA410MissNothingAndRewriteNothing() {
    startAgent(node);
    create(onNode(nginx("steady")));
    awaitPhase("steady", "Running");
    long steadyWrites = agentRequests("steady", RequestLog.writesTo("pods", "pods/status")::test);
    long podLists = agentPodLists();

    server.faults().dropAllWatches();
    V1Pod afterDrop = create(onNode(nginx("after-drop")));
    awaitPhase("after-drop", "Running");

    server.faults().failNextWatchesWithGone(20);
    server.faults().dropAllWatches();
    V1Pod afterGone = create(onNode(nginx("after-gone")));
    delete("steady");

    awaitPhase("after-gone", "Running");
    awaitGone("steady");
    await("pods relisted").atMost(AT_MOST).until(() -> agentPodLists() > podLists);
    assertThat(cubesOf(uid(afterDrop))).hasSize(1);
    assertThat(cubesOf(uid(afterGone))).hasSize(1);
    // Relisting offered every pod again: none got its unchanged status written again.
    assertThat(agentRequests("after-drop", RequestLog.verbOn("patch", "pods/status")::test))
        .isLessThanOrEqualTo(2);
    assertThat(agentRequests("steady", RequestLog.writesTo("pods", "pods/status")::test))
        .isEqualTo(steadyWrites + 1); // the delete with grace 0, nothing else
  }

  @Test
  void anApiServerRestartIsRiddenOut() {
    startAgent(node);
    create(onNode(nginx("before-restart")));
    awaitPhase("before-restart", "Running");

    server.restart();
    V1Pod after = create(onNode(nginx("after-restart")));

    awaitPhase("after-restart", "Running");
    assertThat(cubesOf(uid(after))).hasSize(1);
    delete("before-restart");
    awaitGone("before-restart");
  }

  private String readyStatus() {
    return nodeObject(node.name())
        .flatMap(
            n ->
                n.getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals("Ready"))
                    .findFirst())
        .map(c -> c.getStatus())
        .orElse("<none>");
  }

  private long agentPodLists() {
    return server
        .requestLog()
        .count(r -> r.user().equals(AGENT_USER) && RequestLog.verbOn("list", "pods").test(r));
  }
}
