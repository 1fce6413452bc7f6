package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.app.engine.pod.PodEngine;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A pod force-deleted and at once created again under the same name (what a StatefulSet does) is
 * another pod: the old one's Cube must go, the new one gets its own. Found by the chaos suite (seed
 * 8): when the agent learnt of the swap from a relist, it saw the new pod as an update of the old
 * one, never looked at the old uid again, and the old Cube stayed.
 */
class RecreatedPodIT extends ClusterHarness {

  @Test
  void aPodForceDeletedAndRecreatedUnderItsNameLeavesNoCubeOfTheOldPod() throws Exception {
    startAgent(node);
    V1Pod first = create(onNode(nginx("web-0")));
    awaitPhase("web-0", "Running");

    user.deleteNamespacedPod("web-0", NAMESPACE)
        .gracePeriodSeconds(0)
        .buildCall(null)
        .execute()
        .close();
    V1Pod second = create(onNode(nginx("web-0")));

    await("the new pod running")
        .atMost(AT_MOST)
        .until(
            () ->
                pod("web-0")
                    .filter(p -> p.getMetadata().getUid().equals(second.getMetadata().getUid()))
                    .map(p -> "Running".equals(p.getStatus().getPhase()))
                    .orElse(false));
    await("the old pod's Cube gone").atMost(AT_MOST).until(() -> cubesOf(uid(first)).isEmpty());
    assertThat(cubesOf(uid(second))).hasSize(1);
  }

  @Test
  void aPodReplacedUnderItsNameWhileTheWatchWasDownHasItsCubeDeletedAtOnce() throws Exception {
    // The orphan collector would get the old Cube after its grace (2 minutes in production);
    // with an hour of grace here, only the agent noticing the old pod's end can delete it.
    PodEngine.Settings test = Agent.testSettings();
    startAgent(
        new PodEngine.Settings(
            test.workers(),
            test.cubeCache(),
            Duration.ofHours(1),
            test.orphanInterval(),
            test.resyncInterval()),
        Agent.nodeSettings(),
        node);
    V1Pod first = create(onNode(nginx("web-0")));
    awaitPhase("web-0", "Running");

    // The agent's watch is cut and slow to come back: it learns of the swap from a relist, which
    // shows the same name with another uid and no deletion in between.
    server.faults().latency(Duration.ofMillis(500));
    server.faults().dropAllWatches();
    var pods = server.store().resources().require("", "pods");
    server.store().delete(pods, NAMESPACE, "web-0", DeleteOptions.now());
    ObjectNode second =
        server.create(
            user.getApiClient()
                .getJSON()
                .serialize(onNode(nginx("web-0")).apiVersion("v1").kind("Pod")));
    server.faults().latency(Duration.ZERO);
    String secondUid = second.path("metadata").path("uid").asText();

    await("the new pod running")
        .atMost(AT_MOST)
        .until(
            () ->
                pod("web-0")
                    .filter(p -> p.getMetadata().getUid().equals(secondUid))
                    .map(p -> "Running".equals(p.getStatus().getPhase()))
                    .orElse(false));
    await("the old pod's Cube gone").atMost(AT_MOST).until(() -> cubesOf(uid(first)).isEmpty());
  }
}
