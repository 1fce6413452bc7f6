package io.cubevk.domain.status;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Cubes.cubeOf;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.fixtures.Cubes;
import io.cubevk.domain.fixtures.Pods;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.RestartPolicy;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class StatusMappingProperties {

  @Property
  void everyPhaseWordAndRestartPolicyMapsToAConsistentStatus(
      @ForAll CubePhase phase,
      @ForAll RestartPolicy policy,
      @ForAll @IntRange(min = 1, max = 3) int containers,
      @ForAll @IntRange(max = 2) int inits,
      @ForAll boolean withContainerStatuses,
      @ForAll("states") ContainerState state) {
    Pods builder = pod().withRestartPolicy(policy);
    for (int i = 0; i < containers; i++) {
      builder.withContainer(container("c" + i));
    }
    for (int i = 0; i < inits; i++) {
      builder.withInitContainer(container("i" + i));
    }
    PodView pod = builder.build();
    Cubes cube = cubeOf(pod).inPhase(phase);
    if (withContainerStatuses) {
      cube.withContainer("c0", 2, state, Optional.empty());
    }

    PodStatus status = StatusMapping.map(pod, cube.build());

    assertThat(status.containerStatuses()).hasSize(containers);
    assertThat(status.initContainerStatuses()).hasSize(inits);
    assertThat(status.conditions())
        .extracting(PodCondition::type)
        .containsExactly("PodScheduled", "Initialized", "ContainersReady", "Ready");
    boolean allRunning =
        status.containerStatuses().stream()
            .allMatch(c -> c.state() instanceof ContainerState.Running);
    boolean ready = status.condition(PodCondition.READY).orElseThrow().isTrue();
    assertThat(ready).isEqualTo(status.phase() == PodPhase.RUNNING && allRunning);
    assertThat(status.containerStatuses())
        .allMatch(
            c ->
                c.ready()
                    == (status.phase() == PodPhase.RUNNING
                        && c.state() instanceof ContainerState.Running));
    if (status.phase() == PodPhase.SUCCEEDED || status.phase() == PodPhase.FAILED) {
      assertThat(policy).isNotEqualTo(RestartPolicy.ALWAYS);
      assertThat(status.containerStatuses())
          .noneMatch(c -> c.state() instanceof ContainerState.Running);
    }
    status.containerStatuses().stream()
        .flatMap(c -> c.containerId().stream())
        .forEach(id -> assertThat(id).startsWith("cube://" + Cubes.CUBE_ID + "/"));
    assertThat(StatusMapping.map(pod, cube.build())).isEqualTo(status);
  }

  @Property
  void aPodWithRestartPolicyAlwaysIsNeverTerminal(
      @ForAll CubePhase phase, @ForAll("states") ContainerState state) {
    PodView pod = pod().withRestartPolicy(RestartPolicy.ALWAYS).build();
    PodStatus status =
        StatusMapping.map(
            pod,
            cubeOf(pod).inPhase(phase).withContainer("nginx", 0, state, Optional.empty()).build());
    assertThat(status.phase().isTerminal()).isFalse();
  }

  @Provide
  Arbitrary<ContainerState> states() {
    return Arbitraries.oneOf(
        Arbitraries.just(new ContainerState.Running(Cubes.STARTED)),
        Arbitraries.of("ContainerCreating", "CrashLoopBackOff", "ErrImagePull")
            .map(r -> new ContainerState.Waiting(r, Optional.empty())),
        Arbitraries.integers()
            .between(0, 2)
            .map(
                code ->
                    new ContainerState.Terminated(
                        code,
                        code == 0 ? "Completed" : "Error",
                        Optional.empty(),
                        Optional.of(Cubes.STARTED),
                        Optional.empty())));
  }
}
