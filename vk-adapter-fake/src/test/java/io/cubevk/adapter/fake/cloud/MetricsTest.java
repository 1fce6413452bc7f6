package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final Instant t0 = clock.instant();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(10)).seed(5).build();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void samplesComeEveryTenSecondsWhileTheContainerRunsAndStayUnderItsLimits() {
    CubeId id =
        create(
            TestCubes.cube("busy")
                .container(
                    TestCubes.container("main")
                        .command("sleep", "3600")
                        .limits(Cpu.ofCores(2), Memory.ofGibibytes(4)))
                .build());
    clock.advance(Duration.ofMinutes(5));

    List<UsageSample> samples = cloud.metrics(id, "main", t0, t0.plus(Duration.ofHours(1)));

    assertThat(samples).first().extracting(UsageSample::timestamp).isEqualTo(t0.plusSeconds(10));
    assertThat(samples)
        .last()
        .extracting(UsageSample::timestamp)
        .isEqualTo(t0.plus(Duration.ofMinutes(5)));
    assertThat(samples).hasSize(30);
    assertThat(samples)
        .allSatisfy(
            s -> {
              assertThat(s.cpuNanoCores()).isBetween(100_000_000L, 1_000_000_000L);
              assertThat(s.memoryWorkingSetBytes())
                  .isBetween(Memory.ofGibibytes(4).bytes() / 5, Memory.ofGibibytes(4).bytes() / 2);
            });
    assertThat(samples.stream().map(UsageSample::cpuNanoCores).distinct().count())
        .isGreaterThan(10);
  }

  @Test
  void theSameQueryGivesTheSameSamples() {
    CubeId id = create(TestCubes.script("steady", "sleep 3600"));
    clock.advance(Duration.ofMinutes(3));

    assertThat(cloud.metrics(id, "main", t0, clock.instant()))
        .isEqualTo(cloud.metrics(id, "main", t0, clock.instant()));
  }

  @Test
  void aContainerThatStoppedHasNoSamplesAfterItStopped() {
    CubeId id =
        create(
            TestCubes.cube("short")
                .restartPolicy(RestartPolicy.NEVER)
                .container(TestCubes.container("main").command("sleep", "60"))
                .build());
    clock.advance(Duration.ofMinutes(10));

    List<UsageSample> samples = cloud.metrics(id, "main", t0, clock.instant());

    assertThat(samples)
        .extracting(UsageSample::timestamp)
        .allSatisfy(t -> assertThat(t).isBetween(t0.plusSeconds(10), t0.plusSeconds(70)));
  }

  @Test
  void anUnknownContainerOrAnEmptyWindowIsRefused() {
    CubeId id = create(TestCubes.script("one", "sleep 3600"));

    assertThatThrownBy(() -> cloud.metrics(id, "sidecar", t0, clock.instant().plusSeconds(1)))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("has no container 'sidecar'");
    assertThatThrownBy(() -> cloud.metrics(id, "main", t0, t0)).hasMessageContaining("EndTime");
  }

  private CubeId create(io.cubevk.domain.cube.CubeSpec spec) {
    return cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);
  }
}
