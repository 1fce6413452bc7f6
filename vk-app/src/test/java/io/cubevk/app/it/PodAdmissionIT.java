package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.domain.decision.PodDecision;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the node admits: pods Cube cannot run, pods beyond max pods, pods waiting for inputs. */
class PodAdmissionIT extends ClusterHarness {

  @Test
  void aPodCubeCannotRunFailsWithEveryViolationAndAnEventAndNoCube() {
    startAgent(node);
    V1Pod bad = onNode(nginx("bad"));
    bad.getSpec().hostNetwork(true);
    bad.getSpec()
        .addVolumesItem(
            new V1Volume().name("host").hostPath(new V1HostPathVolumeSource().path("/var/run")));
    bad.getSpec()
        .getContainers()
        .get(0)
        .resources(
            new V1ResourceRequirements()
                .requests(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"))))
        .addVolumeMountsItem(new V1VolumeMount().name("host").mountPath("/host"));

    create(bad);

    awaitPhase("bad", "Failed");
    V1PodStatus status = pod("bad").orElseThrow().getStatus();
    assertThat(status.getReason()).isEqualTo(PodDecision.UNSUPPORTED_BY_CUBE);
    assertThat(status.getMessage())
        .contains("hostNetwork")
        .contains("spec.volumes[0].hostPath")
        .contains("spec.containers[0].resources");
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("bad").stream()
                    .anyMatch(e -> PodDecision.UNSUPPORTED_BY_CUBE.equals(e.getReason())));
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
  }

  @Test
  void aDaemonSetPodStaysPendingWithoutACube() {
    startAgent(node);
    V1Pod daemon = onNode(nginx("agent-xyz"));
    daemon
        .getMetadata()
        .addOwnerReferencesItem(
            new V1OwnerReference()
                .apiVersion("apps/v1")
                .kind("DaemonSet")
                .name("node-agent")
                .uid("ds-uid-1")
                .controller(true));

    create(daemon);

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                PodDecision.DAEMON_SET_NOT_RUN.equals(
                    pod("agent-xyz").map(p -> p.getStatus().getReason()).orElse("")));
    assertThat(phase("agent-xyz")).isEqualTo("Pending");
    assertThat(cloud.cubes()).isEmpty();
  }

  @Test
  void podsBeyondMaxPodsFailOutOfPodsAndTheOthersRun() {
    node = virtualNode("small", 2);
    startAgent(node);

    List<V1Pod> pods = IntStream.range(0, 3).mapToObj(i -> create(onNode(nginx("p" + i)))).toList();

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                pods.stream()
                    .map(p -> phase(p.getMetadata().getName()))
                    .allMatch(ph -> ph.equals("Running") || ph.equals("Failed")));
    List<String> phases = pods.stream().map(p -> phase(p.getMetadata().getName())).toList();
    assertThat(phases).containsExactlyInAnyOrder("Running", "Running", "Failed");
    V1Pod refused =
        pods.stream()
            .filter(p -> phase(p.getMetadata().getName()).equals("Failed"))
            .findFirst()
            .orElseThrow();
    V1PodStatus status = pod(refused.getMetadata().getName()).orElseThrow().getStatus();
    assertThat(status.getReason()).isEqualTo(PodDecision.OUT_OF_PODS);
    assertThat(status.getMessage()).contains("capacity: 2");
    assertThat(cloud.cubes()).hasSize(2);
  }

  @Test
  void aPodWaitingForASecretStaysPendingWithKubeletsReasonAndRunsOnceItExists() throws Exception {
    startAgent(node);
    V1Pod app = onNode(nginx("app"));
    app.getSpec()
        .getContainers()
        .get(0)
        .addEnvItem(
            new V1EnvVar()
                .name("PASSWORD")
                .valueFrom(
                    new V1EnvVarSource()
                        .secretKeyRef(new V1SecretKeySelector().name("db").key("password"))));
    create(app);

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("app").stream()
                    .map(CoreV1Event::getReason)
                    .anyMatch("CreateContainerConfigError"::equals));
    V1PodStatus waiting = pod("app").orElseThrow().getStatus();
    assertThat(waiting.getPhase()).isEqualTo("Pending");
    assertThat(waiting.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("CreateContainerConfigError");
    assertThat(cloud.cubes()).isEmpty();

    user.createNamespacedSecret(
            NAMESPACE,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("db"))
                .data(Map.of("password", "s3cret".getBytes(StandardCharsets.UTF_8))))
        .execute();

    awaitPhase("app", "Running");
    assertThat(cloud.cubes()).hasSize(1);
  }
}
