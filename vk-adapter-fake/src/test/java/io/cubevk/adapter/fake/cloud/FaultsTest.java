package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static final String GROUP = TestCubes.PLACEMENT.group();

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final FakeCubeCloud cloud = FakeCubeCloud.builder().clock(clock).seed(3).build();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void aCountedRetCodeFiresExactlyThatManyTimesOnItsActionOnly() {
    Faults.Registration r =
        cloud
            .faults()
            .add(
                FaultRule.retCode(RetCodes.INTERNAL_ERROR)
                    .on(CloudAction.CREATE_CUBE_POD)
                    .times(2));

    assertThatThrownBy(this::create)
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("RetCode 5000");
    assertThat(cloud.list(GROUP)).isEmpty();
    assertThatThrownBy(this::create).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(create()).isNotNull();
    assertThat(r.fired()).isEqualTo(2);
  }

  @Test
  void eachRetCodeBecomesThePortFailureOfCubeApisTable() {
    assertThat(failureFor(150)).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(failureFor(153)).isInstanceOf(CloudFailure.Throttled.class);
    assertThat(failureFor(171)).isInstanceOf(CloudFailure.Unauthorized.class);
    assertThat(failureFor(172)).isInstanceOf(CloudFailure.Unauthorized.class);
    assertThat(failureFor(295)).isInstanceOf(CloudFailure.Unauthorized.class);
    assertThat(failureFor(230)).isInstanceOf(CloudFailure.Rejected.class);
    assertThat(failureFor(2001)).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(failureFor(8404)).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void aProbabilityDrawsFromTheSeedSoTheSameSeedFailsTheSameCalls() {
    List<Boolean> first = outcomes(11);
    List<Boolean> second = outcomes(11);
    List<Boolean> other = outcomes(12);

    assertThat(first).isEqualTo(second);
    assertThat(first).isNotEqualTo(other);
    assertThat(first.stream().filter(b -> b).count()).isBetween(25L, 75L);
  }

  @Test
  void aLostCreateAnswerCreatesTheCubeAndReportsOutcomeUnknown() {
    cloud.faults().add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD).times(1));
    CubeSpec spec = TestCubes.script("lost", "sleep 1");

    assertThatThrownBy(() -> cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class);

    assertThat(cloud.findByPodUid(spec.podUid())).isPresent();
    assertThat(cloud.callLog().calls(CloudAction.CREATE_CUBE_POD))
        .singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(CallLog.Outcome.ANSWER_LOST));
  }

  @Test
  void aTimedOutCreateWaitsCreatesNothingAndReportsOutcomeUnknown() {
    cloud
        .faults()
        .add(FaultRule.timeout(Duration.ofMillis(100)).on(CloudAction.CREATE_CUBE_POD).times(1));
    CubeSpec spec = TestCubes.script("timed-out", "sleep 1");
    long start = System.nanoTime();

    assertThatThrownBy(() -> cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("timed out");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(cloud.findByPodUid(spec.podUid())).isEmpty();
    assertThat(cloud.callLog().calls(CloudAction.CREATE_CUBE_POD))
        .singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(CallLog.Outcome.TIMED_OUT));
    assertThat(create()).isNotNull(); // fired once only
  }

  @Test
  void aTimedOutDeleteLeavesTheCubeAndReportsUnavailable() {
    CubeId id = create();
    cloud.faults().add(FaultRule.timeout(Duration.ZERO).on(CloudAction.DELETE_CUBE_POD));

    assertThatThrownBy(() -> cloud.delete(id, false)).isInstanceOf(CloudFailure.Unavailable.class);

    cloud.faults().clear();
    assertThat(cloud.get(id)).isPresent();
  }

  @Test
  void aRefusalWinsOverATimeoutOnTheSameCall() {
    cloud.faults().add(FaultRule.retCode(RetCodes.RATE_LIMITED).on(CloudAction.CREATE_CUBE_POD));
    cloud.faults().add(FaultRule.timeout(Duration.ZERO).on(CloudAction.CREATE_CUBE_POD));

    assertThatThrownBy(this::create).isInstanceOf(CloudFailure.Throttled.class);
  }

  @Test
  void aLostDeleteAnswerDeletesTheCubeAndReportsUnavailable() {
    CubeId id = create();
    cloud.faults().add(FaultRule.loseAnswer().on(CloudAction.DELETE_CUBE_POD));

    assertThatThrownBy(() -> cloud.delete(id, false)).isInstanceOf(CloudFailure.Unavailable.class);

    cloud.faults().clear();
    assertThat(cloud.get(id)).isEmpty();
  }

  @Test
  void streamsHaveNoAnswerToLoseSoALostAnswerRuleLeavesThemAlone() {
    CubeId id = create();
    clock.advance(Duration.ofSeconds(1));
    cloud.faults().add(FaultRule.loseAnswer());
    io.cubevk.ports.out.cloud.CubeCloudContractTest.CollectingSink sink =
        new io.cubevk.ports.out.cloud.CubeCloudContractTest.CollectingSink();

    cloud.logs(id, "main", io.cubevk.ports.out.cloud.LogOptions.defaults(), sink).close();

    assertThat(cloud.callLog().calls(CloudAction.CONTAINER_LOGS))
        .singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(CallLog.Outcome.OK));
  }

  @Test
  void latencyDelaysTheCallInRealTime() {
    cloud.faults().add(FaultRule.latency(Duration.ofMillis(150)).on(CloudAction.LIST_CUBE_POD));
    long start = System.nanoTime();

    cloud.list(GROUP);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void anOutageForADurationEndsWhenTheClockPassesIt() {
    cloud.faults().outageFor(Duration.ofSeconds(30));

    assertThatThrownBy(() -> cloud.list(GROUP)).isInstanceOf(CloudFailure.Unavailable.class);
    clock.advance(Duration.ofSeconds(30));
    assertThat(cloud.list(GROUP)).isEmpty();
  }

  @Test
  void theRateLimitRefusesCallsBeyondItInTheSameSecond() {
    cloud.faults().rateLimit(3);

    for (int i = 0; i < 3; i++) {
      cloud.list(GROUP);
    }
    assertThatThrownBy(() -> cloud.list(GROUP)).isInstanceOf(CloudFailure.Throttled.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cloud.list(GROUP)).isEmpty();
  }

  @Test
  void aHookRunsBeforeTheCallItTargets() {
    AtomicInteger seen = new AtomicInteger();
    cloud
        .faults()
        .add(
            FaultRule.hook(() -> seen.set(cloud.cubes().size()))
                .on(CloudAction.LIST_CUBE_POD)
                .times(1));
    create();

    List<ObservedCube> listed = cloud.list(GROUP);

    assertThat(seen.get()).isEqualTo(listed.size()).isEqualTo(1);
  }

  @Test
  void clearRemovesRulesOutageRateLimitAndQuotas() {
    cloud.faults().add(FaultRule.retCode(150));
    cloud.faults().outage();
    cloud.faults().rateLimit(1);
    cloud.faults().limitCubes(0);

    cloud.faults().clear();

    assertThat(create()).isNotNull();
    assertThat(cloud.list(GROUP)).hasSize(1);
    assertThat(cloud.faults().rules()).isEmpty();
  }

  @Test
  void theCallLogRecordsEveryCallWithItsOutcomeArgumentsAndPod() {
    CubeSpec spec = TestCubes.script("logged", "sleep 1");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);
    cloud.get(id);
    cloud.get(CubeId.of("cube-missing0"));
    cloud.list(GROUP);

    List<CallLog.Call> calls = cloud.callLog().calls();
    assertThat(calls)
        .extracting(CallLog.Call::action)
        .containsExactly(
            CloudAction.CREATE_CUBE_POD,
            CloudAction.GET_CUBE_POD,
            CloudAction.GET_CUBE_POD,
            CloudAction.LIST_CUBE_POD);
    assertThat(calls.get(0).args()).contains("Group=" + GROUP).contains("Uid=" + spec.podUid());
    assertThat(calls.get(1).podUid()).contains(spec.podUid());
    assertThat(calls.get(2).outcome()).isEqualTo(CallLog.Outcome.REFUSED);
    assertThat(calls.get(2).retCode()).isEqualTo(RetCodes.RESOURCE_NOT_FOUND);
    assertThat(cloud.callLog().countsByPod()).containsEntry(spec.podUid(), 2L);
    assertThat(cloud.callLog().count(CloudAction.GET_CUBE_POD)).isEqualTo(2);
    assertThat(cloud.callLog().total()).isEqualTo(4);
  }

  @Test
  void theCallLogKeepsTheNewestCallsButCountsThemAll() {
    FakeCubeCloud small = FakeCubeCloud.builder().clock(clock).callLogCapacity(2).build();
    for (int i = 0; i < 5; i++) {
      small.list(GROUP);
    }

    assertThat(small.callLog().calls()).hasSize(2);
    assertThat(small.callLog().count(CloudAction.LIST_CUBE_POD)).isEqualTo(5);
  }

  private List<Boolean> outcomes(long seed) {
    FakeCubeCloud c = FakeCubeCloud.builder().clock(clock).seed(seed).build();
    c.faults().add(FaultRule.retCode(150).withProbability(0.5));
    List<Boolean> failed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      try {
        c.list(GROUP);
        failed.add(false);
      } catch (CloudFailure.Unavailable e) {
        failed.add(true);
      }
    }
    return failed;
  }

  private CloudFailure failureFor(int retCode) {
    FakeCubeCloud c = FakeCubeCloud.builder().clock(clock).build();
    c.faults().add(FaultRule.retCode(retCode));
    try {
      c.list(GROUP);
      throw new AssertionError("RetCode " + retCode + " did not fail the call");
    } catch (CloudFailure f) {
      assertThat(f.getMessage()).contains("ListCubePod").contains("RetCode " + retCode);
      return f;
    }
  }

  private CubeId create() {
    return cloud.create(
        TestCubes.script("c", "sleep 1"), CubeOptions.defaults(), TestCubes.PLACEMENT);
  }
}
