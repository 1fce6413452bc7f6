package io.cubevk.app.wiring;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;

/**
 * The agent's own HTTP port ({@code --metrics-port}): {@code /metrics} (Prometheus text), {@code
 * /healthz} (the process and every service alive) and {@code /readyz} (every service running).
 * Separate from the kubelet API, which needs TLS and authorisation; this port has neither and
 * serves nothing secret.
 */
public final class MetricsServerModule extends AbstractModule {

  private final InetSocketAddress address;

  public MetricsServerModule(InetSocketAddress address) {
    this.address = address;
  }

  @ProvidesIntoSet
  @Tiers.Infrastructure
  Service server(PrometheusRegistry registry, Provider<Agent> agent) {
    return new MetricsHttpServer(address, registry, agent);
  }
}
