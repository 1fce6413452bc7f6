package io.cubevk.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.cubevk.app.engine.pod.EngineMetrics;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus metrics of the engine and of every cloud call; puts the metering decorator in front of
 * the {@link CloudAdapter} ports. Always installed: without a registry from the caller the metrics
 * go to a registry of their own, which nobody scrapes.
 */
public final class MetricsModule extends AbstractModule {

  private final PrometheusRegistry registry;

  public MetricsModule(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void configure() {
    bind(PrometheusRegistry.class).toInstance(registry);
    bind(PrometheusAgentMetrics.class).in(Singleton.class);
    bind(EngineMetrics.class).to(PrometheusAgentMetrics.class);
    bind(CubeCloud.class).to(MeteredCloud.class);
    bind(ElasticIps.class).to(MeteredCloud.class);
    bind(Disks.class).to(MeteredCloud.class);
    Tiers.engine(binder()).addBinding().to(PrometheusAgentMetrics.class);
  }

  @Provides
  @Singleton
  MeteredCloud meteredCloud(
      @CloudAdapter CubeCloud cloud,
      @CloudAdapter ElasticIps elasticIps,
      @CloudAdapter Disks disks,
      PrometheusAgentMetrics metrics) {
    return new MeteredCloud(cloud, elasticIps, disks, metrics);
  }
}
