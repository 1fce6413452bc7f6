package io.cubevk.adapter.k8s.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.status.ConditionStatus;
import io.cubevk.domain.status.ContainerStatus;
import io.cubevk.domain.status.PodCondition;
import io.cubevk.domain.status.PodStatus;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status conversion and the minimal patch: what is written, what is not, what is kept. */
class StatusDiffTest {

  private static final JSON JSON = new JSON();
  private static final Gson GSON = JSON.getGson();
  private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant STARTED = Instant.parse("2026-01-01T10:00:05.123456Z");

  @Test
  void aRunningStatusBecomesTheV1StatusKubeletWouldWrite() {
    V1PodStatus v1 = PodStatusMapper.toV1(running(), null);

    assertThat(v1.getPhase()).isEqualTo("Running");
    assertThat(v1.getPodIP()).isEqualTo("10.9.0.7");
    assertThat(v1.getPodIPs())
        .singleElement()
        .satisfies(ip -> assertThat(ip.getIp()).isEqualTo("10.9.0.7"));
    V1ContainerStatus container = v1.getContainerStatuses().get(0);
    assertThat(container.getContainerID()).isEqualTo("cube://cube-abc/nginx");
    assertThat(container.getImageID()).isEmpty();
    assertThat(container.getState().getRunning().getStartedAt())
        .isEqualTo(OffsetDateTime.parse("2026-01-01T10:00:05Z"));
    assertThat(container.getLastState()).isNotNull();
    assertThat(container.getLastState().getTerminated()).isNull();
    assertThat(v1.getConditions())
        .extracting(V1PodCondition::getType)
        .containsExactly("PodScheduled", "Ready");
  }

  @Test
  void aStatusReadBackFromTheApiServerNeedsNoPatch() throws Exception {
    V1PodStatus written = PodStatusMapper.toV1(running(), null);
    V1PodStatus readBack = JSON.deserialize(GSON.toJson(written), V1PodStatus.class);

    V1PodStatus again = PodStatusMapper.toV1(running(), readBack);

    assertThat(StatusDiff.diff(GSON, readBack, again)).isEmpty();
  }

  @Test
  void theFirstStatusOfANewPodIsWrittenWhole() {
    V1PodStatus desired = PodStatusMapper.toV1(running(), null);

    JsonObject patch =
        StatusDiff.diff(GSON, new V1PodStatus().phase("Pending"), desired).orElseThrow();

    assertThat(patch.keySet())
        .containsExactlyInAnyOrder(
            "phase", "podIP", "podIPs", "startTime", "conditions", "containerStatuses");
  }

  @Test
  void onlyTheFieldsThatChangedArePatched() throws Exception {
    V1PodStatus current = roundTrip(PodStatusMapper.toV1(running(), null));
    PodStatus restarted =
        new PodStatus.Builder()
            .from(running())
            .containerStatuses(
                List.of(
                    new ContainerStatus.Builder()
                        .from(running().containerStatuses().get(0))
                        .restartCount(1)
                        .build()))
            .build();

    JsonObject patch =
        StatusDiff.diff(GSON, current, PodStatusMapper.toV1(restarted, current)).orElseThrow();

    assertThat(patch.keySet()).containsExactly("containerStatuses");
    assertThat(
            patch
                .getAsJsonArray("containerStatuses")
                .get(0)
                .getAsJsonObject()
                .get("restartCount")
                .getAsInt())
        .isEqualTo(1);
  }

  @Test
  void aConditionWhoseStatusDidNotChangeKeepsItsTransitionTime() throws Exception {
    V1PodStatus current = roundTrip(PodStatusMapper.toV1(running(), null));
    OffsetDateTime scheduledAt = current.getConditions().get(0).getLastTransitionTime();
    PodStatus laterLook =
        new PodStatus.Builder()
            .from(running())
            .conditions(
                List.of(
                    condition("PodScheduled", ConditionStatus.TRUE, CREATED.plusSeconds(60)),
                    condition("Ready", ConditionStatus.TRUE, STARTED.plusSeconds(60))))
            .build();

    V1PodStatus desired = PodStatusMapper.toV1(laterLook, current);

    assertThat(desired.getConditions().get(0).getLastTransitionTime()).isEqualTo(scheduledAt);
    assertThat(StatusDiff.diff(GSON, current, desired)).isEmpty();
  }

  @Test
  void conditionsCubeVkDoesNotOwnStayWhereTheyAre() throws Exception {
    V1PodStatus current = roundTrip(PodStatusMapper.toV1(running(), null));
    List<V1PodCondition> withGate = new ArrayList<>(current.getConditions());
    withGate.add(0, new V1PodCondition().type("example.com/gate").status("True"));
    current.conditions(withGate);
    PodStatus notReady =
        new PodStatus.Builder()
            .from(running())
            .conditions(
                List.of(
                    condition("PodScheduled", ConditionStatus.TRUE, CREATED),
                    condition("Ready", ConditionStatus.FALSE, STARTED.plusSeconds(9))))
            .build();

    V1PodStatus desired = PodStatusMapper.toV1(notReady, current);

    assertThat(desired.getConditions())
        .extracting(V1PodCondition::getType)
        .containsExactly("example.com/gate", "PodScheduled", "Ready");
    assertThat(desired.getConditions().get(2).getLastTransitionTime())
        .isEqualTo(OffsetDateTime.parse("2026-01-01T10:00:14Z"));
    assertThat(StatusDiff.diff(GSON, current, desired).orElseThrow().keySet())
        .containsExactly("conditions");
  }

  @Test
  void aMessageNoLongerReportedIsRemovedWithANull() throws Exception {
    V1PodStatus current =
        roundTrip(
            PodStatusMapper.toV1(
                new PodStatus.Builder().from(running()).message("was waiting").build(), null));

    JsonObject patch =
        StatusDiff.diff(GSON, current, PodStatusMapper.toV1(running(), current)).orElseThrow();

    assertThat(patch.keySet()).containsExactly("message");
    assertThat(patch.get("message").isJsonNull()).isTrue();
  }

  @Test
  void thePodIpAndStartTimeStayWhenTheNewStatusHasNone() throws Exception {
    V1PodStatus current = roundTrip(PodStatusMapper.toV1(running(), null));
    PodStatus failed =
        new PodStatus.Builder()
            .phase(PodPhase.FAILED)
            .reason("ProviderFailed")
            .message("the Cube of pod default/web no longer exists")
            .build();

    JsonObject patch =
        StatusDiff.diff(GSON, current, PodStatusMapper.toV1(failed, current)).orElseThrow();

    assertThat(patch.keySet()).doesNotContain("podIP", "podIPs", "startTime");
    assertThat(patch.keySet()).contains("phase", "reason", "message", "containerStatuses");
  }

  @Test
  void fieldsAnotherWriterAddedToAContainerStatusDoNotCauseAPatch() throws Exception {
    V1PodStatus current = roundTrip(PodStatusMapper.toV1(running(), null));
    current.getContainerStatuses().get(0).stopSignal("SIGTERM");

    assertThat(StatusDiff.diff(GSON, current, PodStatusMapper.toV1(running(), current))).isEmpty();
  }

  @Test
  void aTerminatedContainerKeepsItsExitCodeReasonAndTimes() {
    ContainerState terminated =
        new ContainerState.Terminated(
            137,
            "OOMKilled",
            Optional.of("out of memory"),
            Optional.of(STARTED),
            Optional.of(STARTED.plusSeconds(30)));
    PodStatus status =
        new PodStatus.Builder()
            .from(running())
            .phase(PodPhase.FAILED)
            .containerStatuses(
                List.of(
                    new ContainerStatus.Builder()
                        .from(running().containerStatuses().get(0))
                        .ready(false)
                        .started(false)
                        .state(terminated)
                        .lastState(
                            new ContainerState.Waiting("ContainerCreating", Optional.empty()))
                        .build()))
            .build();

    V1ContainerStatus v1 = PodStatusMapper.toV1(status, null).getContainerStatuses().get(0);

    assertThat(v1.getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(v1.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(v1.getState().getTerminated().getFinishedAt())
        .isEqualTo(OffsetDateTime.parse("2026-01-01T10:00:35Z"));
    assertThat(v1.getLastState().getWaiting().getReason()).isEqualTo("ContainerCreating");
  }

  private static V1PodStatus roundTrip(V1PodStatus status) throws Exception {
    return JSON.deserialize(GSON.toJson(status), V1PodStatus.class);
  }

  private static PodStatus running() {
    return new PodStatus.Builder()
        .phase(PodPhase.RUNNING)
        .podIp("10.9.0.7")
        .startTime(STARTED)
        .addConditions(condition("PodScheduled", ConditionStatus.TRUE, CREATED))
        .addConditions(condition("Ready", ConditionStatus.TRUE, STARTED))
        .addContainerStatuses(
            new ContainerStatus.Builder()
                .name("nginx")
                .image("nginx:1.27")
                .containerId("cube://cube-abc/nginx")
                .ready(true)
                .started(true)
                .restartCount(0)
                .state(new ContainerState.Running(STARTED))
                .build())
        .build();
  }

  private static PodCondition condition(String type, ConditionStatus status, Instant at) {
    return new PodCondition(
        type,
        status,
        status == ConditionStatus.TRUE ? Optional.empty() : Optional.of("ContainersNotReady"),
        Optional.empty(),
        Optional.of(at));
  }
}
