package io.cubevk.app.wiring;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.pod.EngineMetrics;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import java.time.Clock;

/**
 * The engine: the pod engine over whatever ports the cloud and cluster modules bound, and the node
 * set that runs one node controller per virtual node. Needs a cloud module, a cluster module and
 * {@link MetricsModule}.
 */
public final class EngineModule extends AbstractModule {

  private final AgentSettings settings;

  public EngineModule(AgentSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void configure() {
    bind(AgentSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(ServedNodes.class).in(Singleton.class);
    bind(NodeSetService.class).in(Singleton.class);
    Tiers.nodes(binder()).addBinding().to(NodeSetService.class);
    // Without KubeletApiModule the Nodes advertise the configured port (an embedder's kubelet).
    OptionalBinder.newOptionalBinder(binder(), KubeletEndpoints.class)
        .setDefault()
        .toInstance(KubeletEndpoints.advertisedOnly(settings.node().kubeletPort()));
  }

  @Provides
  @Singleton
  PodEngine podEngine(
      PodCache pods,
      PodStatusWriter statusWriter,
      PodRemover remover,
      ClusterEvents events,
      InputsLookup inputs,
      ServiceAccountTokens tokens,
      CubeCloud cloud,
      ElasticIps elasticIps,
      Disks disks,
      ServedNodes nodes,
      Clock clock,
      EngineMetrics metrics) {
    return PodEngine.create(
        new PodEngine.Ports(
            pods, statusWriter, remover, events, inputs, tokens, cloud, elasticIps, disks),
        settings.engine(),
        nodes,
        clock,
        metrics);
  }

  @ProvidesIntoSet
  @Tiers.Engine
  Service podEngineServices(PodEngine engine) {
    return new ServiceGroup("pod engine", engine.services());
  }
}
