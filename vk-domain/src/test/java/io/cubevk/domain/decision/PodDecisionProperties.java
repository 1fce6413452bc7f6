package io.cubevk.domain.decision;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Cubes.cubeOf;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.fixtures.Pods;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.status.StatusMapping;
import io.cubevk.domain.translation.PodTranslation;
import io.cubevk.domain.translation.TranslationInputs;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PodDecisionProperties {

  @Property
  void decisionsAreSafeInEverySituation(
      @ForAll boolean deleting,
      @ForAll Optional<PodPhase> apiPhase,
      @ForAll boolean daemonSet,
      @ForAll @IntRange(max = 2) int podKind,
      @ForAll Optional<CubePhase> cubePhase,
      @ForAll @IntRange(max = 2) int reportedKind,
      @ForAll boolean enabled,
      @ForAll @IntRange(max = 5) int activeCubes) {
    Pods builder = pod();
    if (deleting) {
      builder.deletedAt(Instant.parse("2026-11-26T13:00:00Z"));
    }
    apiPhase.ifPresent(builder::inPhase);
    if (daemonSet) {
      builder.ownedByDaemonSet();
    }
    switch (podKind) {
      case 1 -> builder.withHostNetwork();
      case 2 -> builder.withContainer(container("app").envFromSecret("P", "db", "p"));
      default -> builder.withVolume("scratch", VolumeSource.EmptyDir.plain());
    }
    PodView pod = builder.build();
    Optional<ObservedCube> cube = cubePhase.map(p -> cubeOf(pod).inPhase(p).build());
    Optional<PodStatus> reported =
        switch (reportedKind) {
          case 1 -> Optional.of(StatusMapping.map(pod, cubeOf(pod).build()));
          case 2 -> Optional.of(StatusMapping.pending(pod, "X", "y"));
          default -> Optional.empty();
        };
    NodeState node = new NodeState("vk", enabled, 5, activeCubes);

    PodAction action =
        PodDecision.decide(
            pod,
            reported,
            cube,
            node,
            () -> PodTranslation.translate(pod, TranslationInputs.none()));

    assertThat(
            PodDecision.decide(
                pod,
                reported,
                cube,
                node,
                () -> PodTranslation.translate(pod, TranslationInputs.none())))
        .isEqualTo(action);
    if (action instanceof PodAction.CreateCube) {
      assertThat(deleting).isFalse();
      assertThat(cube).isEmpty();
      assertThat(apiPhase.filter(PodPhase::isTerminal)).isEmpty();
      assertThat(enabled).isTrue();
      assertThat(activeCubes).isLessThan(5);
      assertThat(daemonSet).isFalse();
      assertThat(podKind).isZero();
      assertThat(reportedKind).isNotEqualTo(1);
    }
    if (deleting) {
      assertThat(action)
          .isInstanceOfAny(
              PodAction.DeleteCube.class, PodAction.RemovePod.class, PodAction.Nothing.class);
      assertThat(action instanceof PodAction.RemovePod).isEqualTo(cube.isEmpty());
    }
    if (action instanceof PodAction.RenewCube || action instanceof PodAction.DeleteCube) {
      assertThat(cube).isPresent();
    }
    if (!deleting
        && apiPhase.filter(PodPhase::isTerminal).isEmpty()
        && cube.isEmpty()
        && reportedKind == 1) {
      assertThat(action)
          .isInstanceOfSatisfying(
              PodAction.FailPod.class, f -> assertThat(f.reason()).isEqualTo("ProviderFailed"));
    }
    if (action instanceof PodAction.FailPod fail) {
      assertThat(fail.status().phase()).isEqualTo(PodPhase.FAILED);
      assertThat(cube).isEmpty();
    }
  }
}
