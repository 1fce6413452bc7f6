package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.domain.status.StatusMapping;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pod's life on a virtual node, from bound to Running to gone, over the in-process API server.
 * Cubes take 600 ms to start here, so the ContainerCreating step is seen and written too.
 */
class PodLifecycleIT extends ClusterHarness {

  @Override
  protected Duration createDelay() {
    return Duration.ofMillis(600);
  }

  @Test
  void aPodBoundByNodeNameRunsAsACubeAndIsGoneWithItsCubeAfterDelete() {
    startAgent(node);

    V1Pod created = create(onNode(nginx("web")));
    await("ContainerCreating reported")
        .atMost(AT_MOST)
        .until(
            () ->
                pod("web")
                    .map(V1Pod::getStatus)
                    .map(V1PodStatus::getContainerStatuses)
                    .filter(cs -> cs != null && !cs.isEmpty())
                    .map(cs -> cs.get(0).getState().getWaiting())
                    .filter(w -> "ContainerCreating".equals(w.getReason()))
                    .isPresent());
    awaitPhase("web", "Running");

    V1Pod running = pod("web").orElseThrow();
    V1ContainerStatus status = running.getStatus().getContainerStatuses().get(0);
    assertThat(status.getContainerID()).startsWith("cube://cube-").endsWith("/nginx");
    assertThat(status.getReady()).isTrue();
    assertThat(status.getState().getRunning().getStartedAt()).isNotNull();
    assertThat(running.getStatus().getPodIP()).startsWith("10.9.");
    assertThat(running.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(cubesOf(uid(created))).hasSize(1);

    delete("web");
    awaitGone("web");

    assertThat(cubesOf(uid(created))).isEmpty();
    long writes = agentRequests("web", RequestLog.writesTo("pods", "pods/status")::test);
    long statusPatches = agentRequests("web", RequestLog.verbOn("patch", "pods/status")::test);
    System.out.printf(
        "pod lifecycle by nodeName (600 ms Cube start): %d writes to the pod and its status"
            + " (%d status patches, 1 delete)%n",
        writes, statusPatches);
    assertThat(writes).isBetween(2L, 4L);
    await("Created, Started and Killing recorded")
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("web").stream()
                    .map(e -> e.getReason())
                    .toList()
                    .containsAll(List.of("Created", "Started", "Killing")));
    assertThat(server.requestLog().count(RequestLog.watchesOf("services")))
        .as("no Service is watched without cluster-IP support")
        .isZero();
  }

  @Test
  void aPodThatSelectsVirtualNodesIsScheduledThereAndRuns() {
    startAgent(node);
    awaitNodeReady();

    V1Pod created = create(selectingVirtualNodes(nginx("selected")));
    awaitPhase("selected", "Running");

    assertThat(pod("selected").orElseThrow().getSpec().getNodeName()).isEqualTo(node.name());
    assertThat(cubesOf(uid(created))).hasSize(1);
    delete("selected");
    awaitGone("selected");
    assertThat(cubesOf(uid(created))).isEmpty();
  }

  @Test
  void aContainerThatExitsNonZeroUnderRestartNeverFailsThePodWithItsExitCode() {
    startAgent(node);
    V1Pod job = onNode(nginx("job"));
    job.getSpec().restartPolicy("Never");
    job.getSpec().getContainers().get(0).image("busybox").command(List.of("sh", "-c", "exit 3"));

    create(job);

    awaitPhase("job", "Failed");
    V1ContainerStatus status = pod("job").orElseThrow().getStatus().getContainerStatuses().get(0);
    assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(status.getState().getTerminated().getReason()).isEqualTo("Error");
  }

  @Test
  void aContainerThatKeepsExitingIsRestartedWithItsLastStateAndCount() {
    startAgent(node);
    V1Pod crashing = onNode(nginx("crashing"));
    crashing
        .getSpec()
        .getContainers()
        .get(0)
        .image("busybox")
        .command(List.of("sh", "-c", "echo starting; sleep 0.2; exit 2"));

    create(crashing);

    await("restarted")
        .atMost(AT_MOST)
        .until(
            () ->
                pod("crashing")
                    .map(p -> p.getStatus().getContainerStatuses())
                    .filter(cs -> cs != null && !cs.isEmpty())
                    .map(cs -> cs.get(0))
                    .filter(c -> c.getRestartCount() >= 1)
                    .filter(c -> c.getLastState().getTerminated() != null)
                    .filter(c -> c.getLastState().getTerminated().getExitCode() == 2)
                    .isPresent());
    assertThat(phase("crashing")).isEqualTo("Running");
  }

  @Test
  void aPodWhoseCubeVanishedFailsWithProviderFailed() {
    startAgent(node);
    V1Pod pod = create(onNode(nginx("orphaned")));
    awaitPhase("orphaned", "Running");

    cloud.delete(cubesOf(uid(pod)).get(0).cubeId(), false);

    awaitPhase("orphaned", "Failed");
    V1PodStatus status = pod("orphaned").orElseThrow().getStatus();
    assertThat(status.getReason()).isEqualTo(StatusMapping.PROVIDER_FAILED);
    assertThat(status.getMessage()).contains("no longer exists");
    assertThat(cubesOf(uid(pod))).isEmpty();
  }

  private void awaitNodeReady() {
    await("node ready")
        .atMost(AT_MOST)
        .until(
            () ->
                nodeObject(node.name())
                    .map(n -> n.getStatus() == null ? null : n.getStatus().getConditions())
                    .map(
                        cs ->
                            cs.stream()
                                .anyMatch(
                                    c ->
                                        c.getType().equals("Ready")
                                            && c.getStatus().equals("True")))
                    .orElse(false));
  }
}
