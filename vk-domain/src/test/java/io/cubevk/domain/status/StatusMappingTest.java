package io.cubevk.domain.status;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Cubes.cubeOf;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.fixtures.Cubes;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.translation.Unresolved;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMappingTest {

  @Test
  void aRunningCubeIsARunningReadyPodWithItsAddressAndCubeContainerIds() {
    PodView pod = pod().build();
    PodStatus status = StatusMapping.map(pod, cubeOf(pod).build());

    assertThat(status.phase()).isEqualTo(PodPhase.RUNNING);
    assertThat(status.podIp()).contains("10.9.0.17");
    assertThat(status.startTime()).contains(Cubes.STARTED);
    assertThat(status.condition(PodCondition.READY)).get().matches(PodCondition::isTrue);
    assertThat(status.conditions())
        .extracting(PodCondition::type)
        .containsExactly("PodScheduled", "Initialized", "ContainersReady", "Ready");
    ContainerStatus nginx = status.containerStatuses().get(0);
    assertThat(nginx.containerId()).contains("cube://cube-k3j2h1g0/nginx");
    assertThat(nginx.ready()).isTrue();
    assertThat(nginx.started()).isTrue();
    assertThat(nginx.state()).isEqualTo(new ContainerState.Running(Cubes.STARTED));
    assertThat(status.cubeId()).contains("cube-k3j2h1g0");
  }

  @ParameterizedTest
  @CsvSource({
    "Completed, Never, Succeeded",
    "Completed, OnFailure, Succeeded",
    "Completed, Always, Running",
    "Error, Never, Failed",
    "Error, OnFailure, Running",
    "Error, Always, Running",
    "CrashLoopBackOff, Always, Running",
    "CrashLoopBackOff, Never, Failed",
    "ErrImagePull, Always, Pending",
    "ImagePullBackOff, Never, Pending",
    "CreateContainerError, OnFailure, Pending",
    "ContainerCreating, Always, Pending",
    "Pending, Never, Pending",
    "Running, Never, Running",
    "Terminating, Always, Running",
    "SomethingNew, Always, Unknown"
  })
  void cubePhaseWordsMapToKubeletPhasesHonouringTheRestartPolicy(
      String word, String policy, String phase) {
    PodView pod = pod().withRestartPolicy(RestartPolicy.fromWord(policy).orElseThrow()).build();
    PodStatus status =
        StatusMapping.map(pod, cubeOf(pod).inPhase(CubePhase.fromWord(word)).build());
    assertThat(status.phase().word()).isEqualTo(phase);
  }

  @ParameterizedTest
  @CsvSource({
    "CrashLoopBackOff",
    "ErrImagePull",
    "ImagePullBackOff",
    "CreateContainerError",
    "ContainerCreating"
  })
  void waitingWordsBecomeTheContainersWaitingReason(String word) {
    PodView pod = pod().build();
    PodStatus status =
        StatusMapping.map(
            pod, cubeOf(pod).inPhase(CubePhase.fromWord(word)).withMessage("why").build());
    assertThat(status.containerStatuses().get(0).state())
        .isInstanceOfSatisfying(
            ContainerState.Waiting.class, w -> assertThat(w.reason()).isEqualTo(word));
    assertThat(status.containerStatuses().get(0).ready()).isFalse();
    assertThat(status.condition(PodCondition.READY)).get().matches(c -> !c.isTrue());
  }

  @Test
  void completedContainersReportTheReasonCompleted() {
    PodView pod = pod().withRestartPolicy(RestartPolicy.NEVER).build();
    PodStatus status = StatusMapping.map(pod, cubeOf(pod).inPhase(CubePhase.COMPLETED).build());
    assertThat(status.containerStatuses().get(0).state())
        .isInstanceOfSatisfying(
            ContainerState.Terminated.class,
            t -> {
              assertThat(t.reason()).isEqualTo("Completed");
              assertThat(t.exitCode()).isZero();
            });
  }

  @Test
  void perContainerStatesAndRestartCountsFromCubeWin() {
    PodView pod = pod().withContainer(container("web")).withContainer(container("log")).build();
    ContainerState.Terminated oom =
        new ContainerState.Terminated(
            137,
            "OOMKilled",
            Optional.empty(),
            Optional.of(Cubes.STARTED),
            Optional.of(Cubes.STARTED.plusSeconds(2)));
    Instant restarted = Cubes.STARTED.plusSeconds(5);
    PodStatus status =
        StatusMapping.map(
            pod,
            cubeOf(pod)
                .withContainer("web", 1, new ContainerState.Running(restarted), Optional.of(oom))
                .withContainer(
                    "log",
                    0,
                    new ContainerState.Waiting("ContainerCreating", Optional.of("pulling")),
                    Optional.empty())
                .build());

    assertThat(status.phase()).isEqualTo(PodPhase.PENDING);
    ContainerStatus web = status.containerStatuses().get(0);
    assertThat(web.restartCount()).isEqualTo(1);
    assertThat(web.lastState()).contains(oom);
    assertThat(status.containerStatuses().get(1).containerId()).isEmpty();
    assertThat(status.condition(PodCondition.READY).orElseThrow().message())
        .contains("containers with unready status: [web log]");
  }

  @Test
  void initContainersAreDoneOnceTheContainersRunAndBlockInitializationBefore() {
    PodView pod = pod().withInitContainer(container("init")).build();
    PodStatus running = StatusMapping.map(pod, cubeOf(pod).build());
    assertThat(running.initContainerStatuses().get(0).state())
        .isInstanceOf(ContainerState.Terminated.class);
    assertThat(running.condition(PodCondition.INITIALIZED)).get().matches(PodCondition::isTrue);

    PodStatus creating =
        StatusMapping.map(pod, cubeOf(pod).inPhase(CubePhase.CONTAINER_CREATING).build());
    assertThat(creating.phase()).isEqualTo(PodPhase.PENDING);
    assertThat(creating.condition(PodCondition.INITIALIZED)).get().matches(c -> !c.isTrue());
    assertThat(creating.containerStatuses().get(0).state())
        .isEqualTo(new ContainerState.Waiting("PodInitializing", Optional.empty()));
  }

  @Test
  void aVanishedCubeFailsThePodWithProviderFailedKeepingRestartCounts() {
    PodView pod = pod().build();
    PodStatus last =
        StatusMapping.map(
            pod,
            cubeOf(pod)
                .withContainer(
                    "nginx", 3, new ContainerState.Running(Cubes.STARTED), Optional.empty())
                .build());

    PodStatus vanished = StatusMapping.cubeVanished(pod, Optional.of(last));
    assertThat(vanished.phase()).isEqualTo(PodPhase.FAILED);
    assertThat(vanished.reason()).contains("ProviderFailed");
    assertThat(vanished.message())
        .get()
        .asString()
        .contains("cube-k3j2h1g0")
        .contains("no longer exists");
    assertThat(vanished.containerStatuses().get(0).restartCount()).isEqualTo(3);
    assertThat(vanished.containerStatuses().get(0).state())
        .isInstanceOfSatisfying(
            ContainerState.Terminated.class,
            t -> assertThat(t.reason()).isEqualTo("ContainerStatusUnknown"));
  }

  @Test
  void podsWaitingForEnvInputsShowCreateContainerConfigErrorAndForVolumesContainerCreating() {
    PodView pod = pod().withContainer(container("app")).withContainer(container("side")).build();
    PodStatus status =
        StatusMapping.waitingForInputs(
            pod,
            List.of(
                new Unresolved("spec.containers[0].env[0].valueFrom.secretKeyRef", "secret \"db\""),
                new Unresolved(
                    "spec.volumes[0].persistentVolumeClaim.claimName",
                    "persistentvolumeclaim \"data\"")));
    assertThat(status.phase()).isEqualTo(PodPhase.PENDING);
    assertThat(status.containerStatuses().get(0).state())
        .isEqualTo(
            new ContainerState.Waiting(
                "CreateContainerConfigError", Optional.of("secret \"db\" not found")));
    assertThat(status.containerStatuses().get(1).state())
        .isEqualTo(
            new ContainerState.Waiting(
                "ContainerCreating",
                Optional.of("waiting to mount: persistentvolumeclaim \"data\"")));
  }

  @Test
  void containerIdsParseBackToTheirCube() {
    assertThat(ContainerStatus.cubeIdOf(ContainerStatus.containerId("cube-1", "web")))
        .contains("cube-1");
    assertThat(ContainerStatus.cubeIdOf("containerd://abc")).isEmpty();
  }
}
