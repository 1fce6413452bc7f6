package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final Instant t0 = clock.instant();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(2)).build();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void aNewCubeShowsContainerCreatingForTheCreateDelayThenRuns() {
    CubeId id = create(TestCubes.script("web", "sleep 3600"));

    assertThat(status(id).phase()).isEqualTo(CubePhase.CONTAINER_CREATING);
    assertThat(waiting(main(id)).reason()).isEqualTo("ContainerCreating");
    clock.advance(Duration.ofMillis(1999));
    assertThat(status(id).phase()).isEqualTo(CubePhase.CONTAINER_CREATING);
    clock.advance(Duration.ofMillis(1));
    assertThat(status(id).phase()).isEqualTo(CubePhase.RUNNING);
    assertThat(main(id).state()).isEqualTo(new ContainerState.Running(t0.plusSeconds(2)));
    assertThat(status(id).startTime()).contains(t0);
  }

  @Test
  void withoutACreateDelayACubeRunsAtOnce() {
    FakeCubeCloud fast = FakeCubeCloud.builder().clock(clock).createDelay(Duration.ZERO).build();

    CubeId id =
        fast.create(
            TestCubes.script("web", "sleep 3600"), CubeOptions.defaults(), TestCubes.PLACEMENT);

    assertThat(fast.get(id).orElseThrow().status().phase()).isEqualTo(CubePhase.RUNNING);
  }

  @Test
  void aContainerWhoseStepsFinishEndsCompletedWithStartAndFinishTimes() {
    CubeId id = create(policy(RestartPolicy.NEVER, "echo working; sleep 30; true"));

    clock.advance(Duration.ofSeconds(31));
    assertThat(status(id).phase()).isEqualTo(CubePhase.RUNNING);
    clock.advance(Duration.ofSeconds(1));

    assertThat(status(id).phase()).isEqualTo(CubePhase.COMPLETED);
    ContainerState.Terminated done = terminated(main(id).state());
    assertThat(done.exitCode()).isZero();
    assertThat(done.reason()).isEqualTo("Completed");
    assertThat(done.startedAt()).contains(t0.plusSeconds(2));
    assertThat(done.finishedAt()).contains(t0.plusSeconds(32));
  }

  @Test
  void underRestartAlwaysACrashingContainerBacksOffTenTwentyFortySeconds() {
    CubeId id = create(policy(RestartPolicy.ALWAYS, "exit 2"));
    clock.advance(Duration.ofSeconds(2));

    // The first restart is immediate, then kubelet's backoff: 10 s, 20 s, 40 s…
    assertThat(status(id).phase()).isEqualTo(CubePhase.CRASH_LOOP_BACK_OFF);
    assertThat(main(id).restartCount()).isEqualTo(1);
    assertThat(terminated(main(id).lastState().orElseThrow()).exitCode()).isEqualTo(2);
    assertThat(waiting(main(id)).message())
        .hasValueSatisfying(m -> assertThat(m).contains("back-off 10s"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(main(id).restartCount()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(19));
    assertThat(main(id).restartCount()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(main(id).restartCount()).isEqualTo(3);
    clock.advance(Duration.ofSeconds(40));
    assertThat(main(id).restartCount()).isEqualTo(4);
  }

  @Test
  void theBackoffStopsGrowingAtFiveMinutes() {
    CubeId id = create(policy(RestartPolicy.ALWAYS, "exit 1"));
    clock.advance(Duration.ofHours(1));
    int before = main(id).restartCount();

    clock.advance(Duration.ofMinutes(10));

    assertThat(main(id).restartCount() - before).isEqualTo(2);
  }

  @Test
  void underOnFailureASuccessfulContainerIsNotRestartedButAFailedOneIs() {
    CubeId ok = create(policy(RestartPolicy.ON_FAILURE, "exit 0"));
    CubeId failing = create(policy(RestartPolicy.ON_FAILURE, "exit 1"));

    clock.advance(Duration.ofSeconds(30));

    assertThat(status(ok).phase()).isEqualTo(CubePhase.COMPLETED);
    assertThat(main(ok).restartCount()).isZero();
    assertThat(main(failing).restartCount()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void underRestartNeverAFailedContainerEndsError() {
    CubeId id = create(policy(RestartPolicy.NEVER, "echo bye; exit 7"));

    clock.advance(Duration.ofSeconds(3));

    assertThat(status(id).phase()).isEqualTo(CubePhase.ERROR);
    assertThat(terminated(main(id).state()).exitCode()).isEqualTo(7);
    assertThat(terminated(main(id).state()).reason()).isEqualTo("Error");
  }

  @Test
  void anImageThatDoesNotExistShowsErrImagePullThenImagePullBackOff() {
    CubeId id =
        create(
            TestCubes.cube("missing")
                .container(
                    TestCubes.container("main")
                        .image("uhub.ucloud-global.com/acme/does-not-exist:1"))
                .build());

    clock.advance(Duration.ofSeconds(2));
    assertThat(status(id).phase()).isEqualTo(CubePhase.ERR_IMAGE_PULL);
    assertThat(waiting(main(id)).message())
        .hasValueSatisfying(m -> assertThat(m).contains("does-not-exist"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(status(id).phase()).isEqualTo(CubePhase.IMAGE_PULL_BACK_OFF);
    assertThat(status(id).message())
        .hasValueSatisfying(m -> assertThat(m).contains("ImagePullBackOff"));
  }

  @Test
  void initContainersRunOneAfterTheOtherBeforeTheMainContainers() {
    CubeId id =
        create(
            TestCubes.cube("init")
                .init(TestCubes.container("first").command("sh", "-c", "sleep 5"))
                .init(TestCubes.container("second").command("sh", "-c", "sleep 5"))
                .container(TestCubes.container("main").command("sleep", "3600"))
                .build());

    clock.advance(Duration.ofSeconds(3));
    CubeStatus during = status(id);
    assertThat(during.phase()).isEqualTo(CubePhase.PENDING);
    assertThat(during.initContainerStatuses().get(0).state())
        .isInstanceOf(ContainerState.Running.class);
    assertThat(waiting(during.initContainerStatuses().get(1)).reason())
        .isEqualTo("PodInitializing");
    assertThat(waiting(during.containerStatuses().get(0)).reason()).isEqualTo("PodInitializing");
    clock.advance(Duration.ofSeconds(5));
    assertThat(status(id).initContainerStatuses().get(1).state())
        .isInstanceOf(ContainerState.Running.class);
    clock.advance(Duration.ofSeconds(4));

    assertThat(status(id).phase()).isEqualTo(CubePhase.RUNNING);
    assertThat(main(id).state()).isEqualTo(new ContainerState.Running(t0.plusSeconds(12)));
  }

  @Test
  void aFailedInitContainerUnderRestartNeverFailsTheCube() {
    CubeId id =
        create(
            TestCubes.cube("badinit")
                .restartPolicy(RestartPolicy.NEVER)
                .init(TestCubes.container("migrate").command("sh", "-c", "exit 1"))
                .container(TestCubes.container("main").command("sleep", "3600"))
                .build());

    clock.advance(Duration.ofSeconds(5));

    assertThat(status(id).phase()).isEqualTo(CubePhase.ERROR);
    assertThat(waiting(main(id)).reason()).isEqualTo("PodInitializing");
  }

  @Test
  void rebootStartsTheCubeAgainAndCountsARestart() {
    CubeId id = create(TestCubes.script("reboot", "echo up; sleep 3600"));
    clock.advance(Duration.ofSeconds(10));

    cloud.reboot(id);

    assertThat(status(id).phase()).isEqualTo(CubePhase.CONTAINER_CREATING);
    assertThat(terminated(main(id).lastState().orElseThrow()).exitCode()).isEqualTo(137);
    clock.advance(Duration.ofSeconds(2));
    assertThat(status(id).phase()).isEqualTo(CubePhase.RUNNING);
    assertThat(main(id).restartCount()).isEqualTo(1);
  }

  @Test
  void everyCubeGetsItsOwnAddressInTheVpcRange() {
    Set<String> ips = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      ips.add(status(create(TestCubes.script("c" + i, "sleep 1"))).podIp().orElseThrow());
    }

    assertThat(ips).hasSize(300).allSatisfy(ip -> assertThat(ip).matches("10\\.9\\.\\d+\\.\\d+"));
  }

  @Test
  void aDeleteDelayShowsTerminatingUntilTheCubeIsGone() {
    FakeCubeCloud slow =
        FakeCubeCloud.builder()
            .clock(clock)
            .createDelay(Duration.ZERO)
            .deleteDelay(Duration.ofSeconds(5))
            .build();
    CubeId id =
        slow.create(
            TestCubes.script("slow", "sleep 3600"), CubeOptions.defaults(), TestCubes.PLACEMENT);

    slow.delete(id, false);
    slow.delete(id, false); // accepted again while terminating

    assertThat(slow.get(id).orElseThrow().status().phase()).isEqualTo(CubePhase.TERMINATING);
    assertThat(slow.list(TestCubes.PLACEMENT.group())).hasSize(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(slow.get(id)).isEmpty();
    assertThat(slow.list(TestCubes.PLACEMENT.group())).isEmpty();
    assertThatThrownBy(() -> slow.delete(id, false)).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void aCubeSizeOutsideTheTableIsRejectedListingTheAllowedSizes() {
    CubeSpec odd =
        TestCubes.cube("odd")
            .container(TestCubes.container("main").limits(Cpu.ofMillis(700), Memory.ofGibibytes(1)))
            .build();

    assertThatThrownBy(() -> create(odd))
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class,
            e -> {
              assertThat(e.code()).isEqualTo("230");
              assertThat(e.getMessage())
                  .contains("cpu 700m memory 1Gi")
                  .contains("500m → [512Mi, 1Gi, 2Gi]");
            });
  }

  @Test
  void moreThanThreeContainersOrADuplicateNameIsRejected() {
    TestCubes four = TestCubes.cube("four");
    for (int i = 0; i < 4; i++) {
      four.container(
          TestCubes.container("c" + i).limits(Cpu.ofMillis(250), Memory.ofMebibytes(256)));
    }
    CubeSpec twins =
        TestCubes.cube("twins")
            .container(
                TestCubes.container("same").limits(Cpu.ofMillis(250), Memory.ofMebibytes(256)))
            .container(
                TestCubes.container("same").limits(Cpu.ofMillis(250), Memory.ofMebibytes(256)))
            .build();

    assertThatThrownBy(() -> create(four.build()))
        .hasMessageContaining("4 containers; a Cube runs 1 to 3");
    assertThatThrownBy(() -> create(twins)).hasMessageContaining("'same' is used twice");
  }

  @Test
  void twoCubesForOnePodUidAreKeptAndTheOldestIsFound() {
    PodUid uid = PodUid.of("duplicated-uid");
    CubeId first =
        create(TestCubes.cube("a").uid(uid).container(TestCubes.container("main")).build());
    create(TestCubes.cube("b").uid(uid).container(TestCubes.container("main")).build());

    assertThat(cloud.cubes()).filteredOn(c -> c.podUid().equals(uid)).hasSize(2);
    assertThat(cloud.findByPodUid(uid)).map(ObservedCube::cubeId).contains(first);
  }

  @Test
  void theQuotaOfCubesRefusesCreatesBeyondItUntilOneIsDeleted() {
    cloud.faults().limitCubes(2);
    CubeId one = create(TestCubes.script("one", "sleep 1"));
    create(TestCubes.script("two", "sleep 1"));

    assertThatThrownBy(() -> create(TestCubes.script("three", "sleep 1")))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("quota exceeded: the account may run at most 2 Cubes");
    cloud.delete(one, false);
    assertThat(create(TestCubes.script("three", "sleep 1"))).isNotNull();
  }

  private CubeId create(CubeSpec spec) {
    return cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);
  }

  private static CubeSpec policy(RestartPolicy policy, String script) {
    return TestCubes.cube("p")
        .restartPolicy(policy)
        .container(TestCubes.container("main").command("sh", "-c", script))
        .build();
  }

  private CubeStatus status(CubeId id) {
    return cloud.get(id).orElseThrow().status();
  }

  private CubeContainerStatus main(CubeId id) {
    return status(id).containerStatuses().get(0);
  }

  private static ContainerState.Waiting waiting(CubeContainerStatus s) {
    assertThat(s.state()).isInstanceOf(ContainerState.Waiting.class);
    return (ContainerState.Waiting) s.state();
  }

  private static ContainerState.Terminated terminated(ContainerState s) {
    assertThat(s).isInstanceOf(ContainerState.Terminated.class);
    return (ContainerState.Terminated) s;
  }
}
