package io.cubevk.adapter.fake.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.adapter.fake.apiserver.proxy.ResourceMetricsText.ContainerKey;
import io.cubevk.adapter.fake.apiserver.proxy.ResourceMetricsText.ContainerPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceMetricsTextTest {

  private static final String KUBELET_STYLE =
      """
      # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
      # TYPE container_cpu_usage_seconds_total counter
      container_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} 12.5 1767225610000
      container_memory_working_set_bytes{pod="web",namespace="default",container="app"} 1.048576E7 1767225610000
      container_start_time_seconds{container="app",namespace="default",pod="web"} 1.7672256E9
      container_cpu_usage_seconds_total{container="odd \\"one\\"",namespace="default",pod="w2"} 1 1767225610000
      node_cpu_usage_seconds_total 13.5 1767225610000
      node_memory_working_set_bytes 2.097152E7 1767225610000
      scrape_error 0
      """;

  @Test
  void readsTheFiguresMetricsServerUses() {
    ResourceMetricsText text = ResourceMetricsText.parse(KUBELET_STYLE);

    ContainerPoint app = text.containers().get(new ContainerKey("default", "web", "app"));
    assertThat(app.cpuSeconds).isEqualTo(12.5);
    assertThat(app.cpuTime).isEqualTo(Instant.ofEpochMilli(1767225610000L));
    assertThat(app.memoryBytes).isEqualTo(10_485_760.0);
    assertThat(app.startTime).isEqualTo(Instant.ofEpochSecond(1_767_225_600L));
    assertThat(text.node().cpuSeconds()).contains(13.5);
    assertThat(text.node().memory()).contains(20_971_520.0);
  }

  @Test
  void labelValuesWithEscapedQuotesAreRead() {
    ResourceMetricsText text = ResourceMetricsText.parse(KUBELET_STYLE);

    assertThat(text.containers()).containsKey(new ContainerKey("default", "w2", "odd \"one\""));
  }
}
