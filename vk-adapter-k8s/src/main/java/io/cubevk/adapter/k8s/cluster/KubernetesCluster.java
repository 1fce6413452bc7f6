package io.cubevk.adapter.k8s.cluster;

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

/** PLACEHOLDER on branch app until branch cluster lands: the agreed public shape only. */
public abstract class KubernetesCluster
    implements NodeObjects,
        NodeLeases,
        PodCache,
        PodStatusWriter,
        PodRemover,
        InputsLookup,
        ServiceAccountTokens,
        ClusterEvents,
        AutoCloseable {

  public static Builder builder(ApiClient client) {
    return new Builder();
  }

  public static final class Builder {
    public Builder clock(Clock clock) {
      return this;
    }

    public Builder eventComponent(String component) {
      return this;
    }

    public Builder serviceLinks(boolean on) {
      return this;
    }

    public Builder resyncPeriod(Duration period) {
      return this;
    }

    public KubernetesCluster build() {
      throw new UnsupportedOperationException("branch cluster has not landed");
    }
  }

  public void start() {
    throw new UnsupportedOperationException("branch cluster has not landed");
  }

  public void serveNode(String nodeName) {}

  public void stopServingNode(String nodeName) {}

  @Override
  public void close() {}
}
