package io.cubevk.domain.decision;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Cubes.cubeOf;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.fixtures.Cubes;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.status.StatusMapping;
import io.cubevk.domain.translation.PodTranslation;
import io.cubevk.domain.translation.SecretData;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.domain.translation.TranslationResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PodDecisionTest {

  private static final NodeState ROOMY =
      NodeState.enabled(io.cubevk.domain.fixtures.Pods.NODE, 200, 10);

  private static Supplier<TranslationResult> translationOf(PodView pod) {
    return () -> PodTranslation.translate(pod, TranslationInputs.none());
  }

  private static PodAction decide(
      PodView pod, Optional<PodStatus> reported, Optional<ObservedCube> cube, NodeState node) {
    return PodDecision.decide(pod, reported, cube, node, translationOf(pod));
  }

  @Test
  void createsTheCubeOfANewPod() {
    PodView pod = pod().withContainer(container("nginx").requests("2", "2048Mi")).build();
    PodAction action = decide(pod, Optional.empty(), Optional.empty(), ROOMY);
    assertThat(action)
        .isInstanceOfSatisfying(
            PodAction.CreateCube.class,
            create -> {
              assertThat(create.size()).isEqualTo(CubeSize.of("2", "2Gi"));
              assertThat(create.spec().podUid()).isEqualTo(pod.uid());
            });
  }

  @Test
  void deletesTheCubeWhenThePodIsDeletedReleasingTheEipAsAnnotated() {
    PodView pod =
        pod()
            .withAnnotation("cube.ucloud.cn/cube-eip", "true")
            .deletedAt(Instant.parse("2026-11-26T13:00:00Z"))
            .build();
    PodAction action = decide(pod, Optional.empty(), Optional.of(cubeOf(pod).build()), ROOMY);
    assertThat(action).isEqualTo(new PodAction.DeleteCube(CubeId.of(Cubes.CUBE_ID), true));
  }

  @Test
  void waitsForATerminatingCubeThenRemovesThePod() {
    PodView pod = pod().deletedAt(Instant.parse("2026-11-26T13:00:00Z")).build();
    assertThat(
            decide(
                pod,
                Optional.empty(),
                Optional.of(cubeOf(pod).inPhase(CubePhase.TERMINATING).build()),
                ROOMY))
        .isInstanceOf(PodAction.Nothing.class);
    assertThat(decide(pod, Optional.empty(), Optional.empty(), ROOMY))
        .isEqualTo(new PodAction.RemovePod(pod.uid()));
  }

  @Test
  void deletionNeedsNoTranslation() {
    PodView pod = pod().deletedAt(Instant.parse("2026-11-26T13:00:00Z")).build();
    AtomicInteger translations = new AtomicInteger();
    PodDecision.decide(
        pod,
        Optional.empty(),
        Optional.of(cubeOf(pod).build()),
        ROOMY,
        () -> {
          translations.incrementAndGet();
          return PodTranslation.translate(pod, TranslationInputs.none());
        });
    assertThat(translations).hasValue(0);
  }

  @Test
  void reportsTheCubesStatusWhenItChangedAndNothingOnceReported() {
    PodView pod = pod().build();
    ObservedCube cube = cubeOf(pod).build();
    PodAction first = decide(pod, Optional.empty(), Optional.of(cube), ROOMY);
    assertThat(first).isInstanceOf(PodAction.ReportStatus.class);
    PodStatus reported = ((PodAction.ReportStatus) first).status();

    assertThat(decide(pod, Optional.of(reported), Optional.of(cube), ROOMY))
        .isInstanceOf(PodAction.Nothing.class);
  }

  @Test
  void failsThePodWithProviderFailedWhenItsCubeVanished() {
    PodView pod = pod().inPhase(PodPhase.RUNNING).build();
    PodStatus reported = StatusMapping.map(pod, cubeOf(pod).build());
    PodAction action = decide(pod, Optional.of(reported), Optional.empty(), ROOMY);
    assertThat(action)
        .isInstanceOfSatisfying(
            PodAction.FailPod.class, fail -> assertThat(fail.reason()).isEqualTo("ProviderFailed"));
  }

  @Test
  void neverRecreatesTheCubeOfAFinishedPod() {
    PodView pod = pod().inPhase(PodPhase.SUCCEEDED).build();
    assertThat(decide(pod, Optional.empty(), Optional.empty(), ROOMY))
        .isInstanceOf(PodAction.Nothing.class);
  }

  @Test
  void aDisabledNodeFailsNewPodsButKeepsReportingExistingCubes() {
    NodeState disabled = new NodeState("vk", false, 200, 3);
    PodView pod = pod().build();
    assertThat(decide(pod, Optional.empty(), Optional.empty(), disabled))
        .isInstanceOfSatisfying(
            PodAction.FailPod.class, fail -> assertThat(fail.reason()).isEqualTo("NodeDisabled"));
    assertThat(decide(pod, Optional.empty(), Optional.of(cubeOf(pod).build()), disabled))
        .isInstanceOf(PodAction.ReportStatus.class);
  }

  @Test
  void aFullNodeFailsThePodAsKubeletDoes() {
    assertThat(
            decide(
                pod().build(),
                Optional.empty(),
                Optional.empty(),
                NodeState.enabled("vk", 200, 200)))
        .isInstanceOfSatisfying(
            PodAction.FailPod.class,
            fail -> {
              assertThat(fail.reason()).isEqualTo("OutOfpods");
              assertThat(fail.message()).contains("used: 200, capacity: 200");
              assertThat(fail.status().phase()).isEqualTo(PodPhase.FAILED);
            });
  }

  @Test
  void violationsFailThePodListingEveryOne() {
    PodView pod =
        pod()
            .withHostNetwork()
            .withVolume("h", new VolumeSource.HostPath("/", Optional.empty()))
            .build();
    assertThat(decide(pod, Optional.empty(), Optional.empty(), ROOMY))
        .isInstanceOfSatisfying(
            PodAction.FailPod.class,
            fail -> {
              assertThat(fail.reason()).isEqualTo("UnsupportedPodSpec");
              assertThat(fail.message())
                  .contains("spec.hostNetwork: true is not supported by Cube")
                  .contains("spec.volumes[0].hostPath: not supported by Cube");
            });
  }

  @Test
  void aMissingServiceAccountFailsThePodWithItsOwnReason() {
    PodView pod =
        pod()
            .withServiceAccount("ghost")
            .withVolume(
                "kube-api-access-abcde",
                new VolumeSource.Projected(
                    List.of(
                        new io.cubevk.domain.pod.ProjectionSource.ServiceAccountToken(
                            Optional.empty(), 3607, "token")),
                    Optional.empty()))
            .build();
    TranslationInputs inputs = new TranslationInputs.Builder().serviceAccountMissing(true).build();

    PodAction action =
        PodDecision.decide(
            pod,
            Optional.empty(),
            Optional.empty(),
            ROOMY,
            () -> PodTranslation.translate(pod, inputs));

    assertThat(action)
        .isInstanceOfSatisfying(
            PodAction.FailPod.class,
            fail -> {
              assertThat(fail.reason()).isEqualTo(PodDecision.SERVICE_ACCOUNT_NOT_FOUND);
              assertThat(fail.message())
                  .startsWith("spec.serviceAccountName: service account \"ghost\" does not exist")
                  .contains("automountServiceAccountToken: false");
            });
  }

  @Test
  void missingInputsKeepThePodPendingAndAskForARetry() {
    PodView pod =
        pod().withContainer(container("app").envFromSecret("P", "db", "password")).build();
    assertThat(decide(pod, Optional.empty(), Optional.empty(), ROOMY))
        .isInstanceOfSatisfying(
            PodAction.ReportStatus.class,
            report -> {
              assertThat(report.status().phase()).isEqualTo(PodPhase.PENDING);
              assertThat(report.waitingFor()).hasSize(1);
            });
  }

  @Test
  void daemonSetPodsFailWithAReasonUnlessTheNodeAllowsThem() {
    PodView pod = pod().ownedByDaemonSet().build();

    assertThat(decide(pod, Optional.empty(), Optional.empty(), ROOMY))
        .isInstanceOfSatisfying(
            PodAction.FailPod.class,
            fail -> {
              assertThat(fail.reason()).isEqualTo("DaemonSetNotSupported");
              assertThat(fail.message()).contains("type!=virtual-kubelet");
            });
    NodeState allowing = new NodeState(ROOMY.nodeName(), true, 200, 10, true);
    assertThat(decide(pod, Optional.empty(), Optional.empty(), allowing))
        .isInstanceOf(PodAction.CreateCube.class);
  }

  @Test
  void renewsARunningCubeWhenAMountedSecretChanged() {
    PodView pod =
        pod()
            .withVolume(
                "creds", new VolumeSource.Secret("creds", List.of(), Optional.empty(), false))
            .build();
    TranslationInputs before =
        new TranslationInputs.Builder()
            .putSecrets("creds", SecretData.opaque(Map.of("k", FileBytes.utf8("v1"))))
            .build();
    TranslationInputs after =
        new TranslationInputs.Builder()
            .putSecrets("creds", SecretData.opaque(Map.of("k", FileBytes.utf8("v2"))))
            .build();
    TranslationResult.Translated running =
        (TranslationResult.Translated) PodTranslation.translate(pod, before);
    ObservedCube cube =
        ObservedCube.of(CubeId.of(Cubes.CUBE_ID), running.spec(), cubeOf(pod).build().status());
    PodStatus reported = StatusMapping.map(pod, cube);

    PodAction same =
        PodDecision.decide(
            pod,
            Optional.of(reported),
            Optional.of(cube),
            ROOMY,
            () -> PodTranslation.translate(pod, before));
    assertThat(same).isInstanceOf(PodAction.Nothing.class);

    PodAction changed =
        PodDecision.decide(
            pod,
            Optional.of(reported),
            Optional.of(cube),
            ROOMY,
            () -> PodTranslation.translate(pod, after));
    assertThat(changed)
        .isInstanceOfSatisfying(
            PodAction.RenewCube.class,
            renew ->
                assertThat(((CubeVolume.Files) renew.spec().volumes().get(0)).items().get("k"))
                    .isEqualTo(FileBytes.utf8("v2")));
  }

  @Test
  void aCubeNamedInThePodsStatusStillCountsAfterAnAgentRestart() {
    PodView pod =
        new PodView.Builder()
            .from(pod().inPhase(PodPhase.RUNNING).build())
            .statusCubeId(Cubes.CUBE_ID)
            .build();
    assertThat(decide(pod, Optional.empty(), Optional.empty(), ROOMY))
        .isInstanceOfSatisfying(
            PodAction.FailPod.class,
            fail -> {
              assertThat(fail.reason()).isEqualTo("ProviderFailed");
              assertThat(fail.message()).contains(Cubes.CUBE_ID);
            });
  }
}
