package io.cubevk.adapter.fake.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.adapter.fake.apiserver.proxy.MetricsStorage.Point;
import io.cubevk.adapter.fake.apiserver.proxy.ResourceMetricsText.ContainerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsStorageTest {

  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final ContainerKey APP = new ContainerKey("default", "web", "app");

  private final MetricsStorage storage = new MetricsStorage(Duration.ofSeconds(15));

  @Test
  void aContainerStartedWithinTheResolutionHasCpuAfterOnePoint() {
    // started 12 s before its point, 1.2 core-seconds used: 0.1 core since the start
    storage.store("n1", Optional.empty(), Map.of(APP, new Point(T.minusSeconds(12), T, 1.2, 5)));

    assertThat(storage.pod("default", "web").orElseThrow().get("app").nanoCores())
        .isEqualTo(100_000_000L);
  }

  @Test
  void anOldContainerNeedsTwoPoints() {
    storage.store("n1", Optional.empty(), Map.of(APP, new Point(T.minusSeconds(3600), T, 9, 5)));
    assertThat(storage.pod("default", "web")).isEmpty();

    storage.store(
        "n1",
        Optional.empty(),
        Map.of(APP, new Point(T.minusSeconds(3600), T.plusSeconds(10), 10, 7)));

    MetricsStorage.Usage usage = storage.pod("default", "web").orElseThrow().get("app");
    assertThat(usage.nanoCores()).isEqualTo(100_000_000L);
    assertThat(usage.memoryBytes()).isEqualTo(7);
    assertThat(usage.window()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aRestartBetweenTwoPointsGivesNoRateUntilTheNextPoint() {
    storage.store("n1", Optional.empty(), Map.of(APP, new Point(T.minusSeconds(3600), T, 9, 5)));
    Instant restart = T.plusSeconds(5);
    storage.store(
        "n1", Optional.empty(), Map.of(APP, new Point(restart, T.plusSeconds(40), 0.5, 5)));

    assertThat(storage.pod("default", "web")).isEmpty();

    storage.store(
        "n1", Optional.empty(), Map.of(APP, new Point(restart, T.plusSeconds(50), 1.5, 5)));
    assertThat(storage.pod("default", "web").orElseThrow().get("app").nanoCores())
        .isEqualTo(100_000_000L);
  }

  @Test
  void aPointThatIsNotNewerKeepsThePreviousPoint() {
    Instant start = T.minusSeconds(3600);
    storage.store("n1", Optional.empty(), Map.of(APP, new Point(start, T, 1, 5)));
    storage.store("n1", Optional.empty(), Map.of(APP, new Point(start, T.plusSeconds(10), 2, 5)));

    storage.store("n1", Optional.empty(), Map.of(APP, new Point(start, T.plusSeconds(10), 2, 5)));

    assertThat(storage.pod("default", "web").orElseThrow().get("app").nanoCores())
        .isEqualTo(100_000_000L);
  }

  @Test
  void aContainerMissingFromTheNextScrapeIsForgotten() {
    Instant start = T.minusSeconds(12);
    storage.store("n1", Optional.empty(), Map.of(APP, new Point(start, T, 1.2, 5)));

    storage.store("n1", Optional.empty(), Map.of());

    assertThat(storage.pod("default", "web")).isEmpty();
  }
}
