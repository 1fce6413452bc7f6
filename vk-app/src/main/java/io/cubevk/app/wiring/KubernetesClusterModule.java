package io.cubevk.app.wiring;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.cubevk.adapter.k8s.cluster.KubernetesCluster;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.cubevk.ports.out.cluster.NodeObjects;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The cluster ports over client-java ({@link KubernetesCluster}): informers, status patches,
 * leases, events, token requests. The informers start with the infrastructure tier.
 */
public final class KubernetesClusterModule extends AbstractModule {

  /**
   * @param serviceLinks whether Services are watched (some node has cluster-IP support); without it
   *     no Service watch is ever opened
   * @param clusterDns the cluster DNS to give pods on nodes with cluster-IP support; empty: what
   *     the cluster adapter finds
   * @param resyncPeriod how often the informers replay their caches
   */
  public record Options(
      boolean serviceLinks, Optional<ClusterDns> clusterDns, Duration resyncPeriod) {

    public static Options defaults() {
      return new Options(false, Optional.empty(), Duration.ofMinutes(10));
    }
  }

  private final ApiClient client;
  private final Options options;

  public KubernetesClusterModule(ApiClient client, Options options) {
    this.client = client;
    this.options = options;
  }

  @Override
  protected void configure() {
    bind(NodeObjects.class).to(KubernetesCluster.class);
    bind(NodeLeases.class).to(KubernetesCluster.class);
    bind(PodCache.class).to(KubernetesCluster.class);
    bind(PodStatusWriter.class).to(KubernetesCluster.class);
    bind(PodRemover.class).to(KubernetesCluster.class);
    bind(ServiceAccountTokens.class).to(KubernetesCluster.class);
    bind(ClusterEvents.class).to(KubernetesCluster.class);
  }

  @Provides
  @Singleton
  KubernetesCluster cluster(Clock clock) {
    return KubernetesCluster.builder(client)
        .clock(clock)
        .eventComponent("cube-vk")
        .serviceLinks(options.serviceLinks())
        .resyncPeriod(options.resyncPeriod())
        .build();
  }

  @Provides
  @Singleton
  InputsLookup inputs(KubernetesCluster cluster) {
    return new ClusterDnsOverride(cluster, options.clusterDns());
  }

  @Provides
  @Singleton
  ClusterScope scope(KubernetesCluster cluster) {
    return new ClusterScope() {
      @Override
      public void serveNode(String nodeName) {
        cluster.serveNode(nodeName);
      }

      @Override
      public void stopServingNode(String nodeName) {
        cluster.stopServingNode(nodeName);
      }
    };
  }

  @ProvidesIntoSet
  @Tiers.Infrastructure
  Service informers(KubernetesCluster cluster) {
    return new ClusterInformers(cluster, SYNC_TIMEOUT);
  }

  /** How long the informers may take for their first lists before the agent gives up. */
  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Starts the informers and waits for their first lists: until then an absent Node or pod means
   * nothing, and the node controllers must not act on it.
   */
  static final class ClusterInformers extends AbstractIdleService {
    private static final org.slf4j.Logger log =
        org.slf4j.LoggerFactory.getLogger(ClusterInformers.class);

    private final KubernetesCluster cluster;
    private final Duration timeout;

    ClusterInformers(KubernetesCluster cluster, Duration timeout) {
      this.cluster = cluster;
      this.timeout = timeout;
    }

    @Override
    protected void startUp() throws InterruptedException {
      cluster.start();
      long started = System.nanoTime();
      long nextNote = started + Duration.ofSeconds(10).toNanos();
      while (!cluster.hasSynced()) {
        if (state() != State.STARTING) {
          return; // stopped while waiting
        }
        long now = System.nanoTime();
        if (now - started > timeout.toNanos()) {
          throw new IllegalStateException(
              "the cluster's informers did not list Nodes, Secrets, ConfigMaps and volumes within "
                  + timeout.toSeconds()
                  + " s: is the API server reachable, and may cube-vk list them (RBAC)?");
        }
        if (now > nextNote) {
          log.info("waiting for the cluster's informers to list what they watch...");
          nextNote = now + Duration.ofSeconds(10).toNanos();
        }
        Thread.sleep(50); // no sync callback in the port; 50 ms is nothing next to a list
      }
    }

    @Override
    protected void shutDown() {
      cluster.close();
    }

    @Override
    protected String serviceName() {
      return "kubernetes cluster informers";
    }
  }
}
