package io.cubevk.app.wiring;

import com.google.common.net.InetAddresses;
import com.google.common.util.concurrent.AbstractIdleService;
import io.cubevk.adapter.k8s.kubelet.KubeletApiServer;
import io.cubevk.adapter.k8s.kubelet.PodSource;
import io.cubevk.adapter.k8s.kubelet.auth.Authorizer;
import io.cubevk.adapter.k8s.kubelet.auth.TokenAuthenticator;
import io.cubevk.adapter.k8s.kubelet.tls.CsrServingCertificateSource;
import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificateIssuer;
import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificateSource;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.NodeStatsUseCase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet APIs of the served nodes, one {@link KubeletApiServer} each, as one service of the
 * infrastructure tier: the node set opens a node's server when it starts serving the node and
 * closes it when it stops; stopping this service closes whatever is still open.
 */
final class KubeletApiServers extends AbstractIdleService implements KubeletEndpoints {

  private static final Logger log = LoggerFactory.getLogger(KubeletApiServers.class);

  /** What every node's server asks the cluster: who callers are, what they may do, its pods. */
  record Cluster(
      TokenAuthenticator tokens,
      Authorizer authorizer,
      PodSource pods,
      ServingCertificateIssuer issuer) {}

  /** One node's kubelet API: its server and, when requested from the cluster, its certificate. */
  private record NodeApi(
      KubeletApiServer server, Optional<CsrServingCertificateSource> certificate) {
    void close() {
      server.close();
      certificate.ifPresent(CsrServingCertificateSource::close);
    }
  }

  private final KubeletApiModule.Settings settings;
  private final Optional<String> advertisedAddress;
  private final Cluster cluster;
  private final ContainerStreamsUseCase streams;
  private final NodeStatsUseCase stats;
  // Guarded by this.
  private final Map<String, NodeApi> open = new LinkedHashMap<>();

  KubeletApiServers(
      KubeletApiModule.Settings settings,
      Optional<String> advertisedAddress,
      Cluster cluster,
      ContainerStreamsUseCase streams,
      NodeStatsUseCase stats) {
    this.settings = settings;
    this.advertisedAddress = advertisedAddress;
    this.cluster = cluster;
    this.streams = streams;
    this.stats = stats;
  }

  @Override
  protected void startUp() {
    // Nothing listens before the node set serves a node.
  }

  @Override
  protected void shutDown() {
    List<NodeApi> closing;
    synchronized (this) {
      closing = new ArrayList<>(open.values());
      open.clear();
    }
    closing.forEach(NodeApi::close);
  }

  @Override
  protected String serviceName() {
    return "kubelet API";
  }

  @Override
  public synchronized int open(VirtualNode node) {
    NodeApi existing = open.get(node.name());
    if (existing != null) {
      return existing.server().port();
    }
    Optional<CsrServingCertificateSource> requested = Optional.empty();
    ServingCertificateSource certificates;
    if (settings.certificate().isPresent()) {
      certificates =
          ServingCertificateSource.fromPemFiles(
              settings.certificate().get().certificateChain(),
              settings.certificate().get().privateKey());
    } else {
      requested = Optional.of(requestedCertificate(node.name()));
      certificates = requested.get();
    }
    int port = settings.port() == 0 ? 0 : nextFreePort();
    KubeletApiServer.Builder builder =
        KubeletApiServer.builder()
            .nodeName(node.name())
            .bindAddress(settings.bindAddress())
            .port(port)
            .tls(certificates)
            .tokenAuthenticator(cluster.tokens())
            .authorizer(cluster.authorizer())
            .streams(streams)
            .stats(stats)
            .pods(cluster.pods());
    settings.clientCaPem().ifPresent(builder::clientCa);
    KubeletApiServer server = builder.build();
    try {
      server.start();
    } catch (RuntimeException e) {
      requested.ifPresent(CsrServingCertificateSource::close);
      throw new IllegalStateException(
          "the kubelet API of node "
              + node.name()
              + " cannot listen on "
              + settings.bindAddress()
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
    open.put(node.name(), new NodeApi(server, requested));
    return server.port();
  }

  @Override
  public void close(String nodeName) {
    NodeApi api;
    synchronized (this) {
      api = open.remove(nodeName);
    }
    if (api != null) {
      api.close();
      log.info("kubelet API of node {} closed", nodeName);
    }
  }

  /** The port of each open server, by node name (for health reports and tests). */
  synchronized Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    open.forEach((name, api) -> ports.put(name, api.server().port()));
    return ports;
  }

  /**
   * The configured port for the first node, the next one for the next: the lowest not held by
   * another node, so that a node served again (its settings changed) usually gets its port back.
   */
  private int nextFreePort() {
    Set<Integer> taken = new HashSet<>();
    open.values().forEach(api -> taken.add(api.server().port()));
    int port = settings.port();
    while (taken.contains(port)) {
      port++;
    }
    if (port > 65535) {
      throw new IllegalStateException("no kubelet port left above " + settings.port());
    }
    return port;
  }

  private CsrServingCertificateSource requestedCertificate(String nodeName) {
    CsrServingCertificateSource.Builder csr =
        CsrServingCertificateSource.builder().nodeName(nodeName).issuer(cluster.issuer());
    // The API server dials the Node's InternalIP: the certificate must name it.
    advertisedAddress.ifPresent(
        address -> {
          if (InetAddresses.isInetAddress(address)) {
            csr.ipAddress(InetAddresses.forString(address));
          } else {
            csr.dnsName(address);
          }
        });
    csr.dnsName(nodeName);
    CsrServingCertificateSource source = csr.build();
    if (settings.awaitCertificate()) {
      source.tick(); // one request, waiting for it to be signed; start() then only renews
      if (source.current().isEmpty()) {
        source.close();
        throw new IllegalStateException(
            "node "
                + nodeName
                + " got no kubelet serving certificate: its CertificateSigningRequest was not"
                + " signed (see the log for why)");
      }
    } else {
      log.info(
          "node {} requests its kubelet serving certificate (signer kubernetes.io/kubelet-serving);"
              + " its kubelet API refuses connections until the request is approved and signed",
          nodeName);
    }
    source.start();
    return source;
  }
}
