package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.node.NodeDescription;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.ProjectedToken;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.cubevk.ports.out.cluster.NodeObjects;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.cubevk.ports.out.cluster.ObservedNode;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster out-ports over client-java: one object for everything the engine needs from the
 * Kubernetes API server.
 *
 * <p>Reads come from informers: the virtual Nodes (label {@code type=virtual-kubelet}), Secrets,
 * ConfigMaps, PersistentVolumeClaims and PersistentVolumes (and Services when service links are
 * on), started by {@link #start()}, and one pod informer per served node, scoped by {@code
 * spec.nodeName} ({@link #serveNode}). Writes are minimal: pod status as a merge patch of the
 * changed fields only, pods deleted with grace 0 and a uid precondition, Leases renewed in place,
 * Events aggregated and recorded off the caller's thread. Failures are the port's {@link
 * io.cubevk.ports.out.cluster.ClusterFailure}s, whose messages never carry a token.
 *
 * <p>{@link #hasSynced()} serves both {@link NodeObjects} and {@link PodCache}: it is true once
 * every informer has its first full list, so that absence in any cache means something.
 *
 * <pre>{@code
 * try (KubernetesCluster cluster = KubernetesCluster.builder(apiClient).build()) {
 *   cluster.start();
 *   cluster.serveNode("uk8s-abcd1234-vk-x1y2z");
 *   // hand the cluster to the engine as each of its ports
 * }
 * }</pre>
 */
public final class KubernetesCluster
    implements NodeObjects,
        NodeLeases,
        PodCache,
        PodStatusWriter,
        PodRemover,
        InputsLookup,
        ServiceAccountTokens,
        ClusterEvents,
        AutoCloseable {

  private final NodeRegistry nodes;
  private final LeaseRenewer leases;
  private final ServedPods pods;
  private final PodStatusPatcher statuses;
  private final PodDeleter deleter;
  private final InputCaches inputs;
  private final TokenRequester tokens;
  private final EventRecorder events;
  private final Informers informers;
  private boolean started;
  private boolean closed;

  private KubernetesCluster(Builder builder) {
    ApiClient client = builder.client;
    CoreV1Api core = new CoreV1Api(client);
    Requests requests = new Requests(client);
    this.informers = new Informers(client, builder.resyncPeriod);
    this.nodes = new NodeRegistry(informers, requests, core, builder.clock);
    this.leases =
        new LeaseRenewer(requests, new CoordinationV1Api(client), builder.clock, nodes::uid);
    this.pods = new ServedPods(informers, core);
    this.statuses = new PodStatusPatcher(pods, requests, core);
    this.deleter = new PodDeleter(requests, core);
    this.inputs = new InputCaches(informers, core, new StorageV1Api(client), builder.serviceLinks);
    this.tokens = new TokenRequester(requests, core);
    this.events =
        new EventRecorder(requests, core, builder.clock, builder.eventComponent, this::hostOf);
  }

  /** A builder over an API client (base path, credentials and TLS set up by the caller). */
  public static Builder builder(ApiClient client) {
    return new Builder(client);
  }

  /**
   * Starts the shared informers: virtual Nodes, Secrets, ConfigMaps, PersistentVolumeClaims,
   * PersistentVolumes, and Services when service links are on. Returns at once; {@link
   * #hasSynced()} says when their first lists are in.
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("this KubernetesCluster is closed");
    }
    if (!started) {
      started = true;
      nodes.start();
      inputs.start();
    }
  }

  /**
   * Starts watching the pods bound to a node ({@code fieldSelector=spec.nodeName=<node>}).
   * Idempotent.
   */
  public synchronized void serveNode(String nodeName) {
    if (closed) {
      throw new IllegalStateException("this KubernetesCluster is closed");
    }
    pods.serve(Objects.requireNonNull(nodeName, "nodeName"));
  }

  /** Stops watching a node's pods; they leave the pod cache. */
  public synchronized void stopServingNode(String nodeName) {
    pods.stopServing(nodeName);
  }

  /** Stops every informer and the event recorder; writes already queued are given a moment. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    informers.closing();
    pods.stopAll();
    if (started) {
      nodes.stop();
      inputs.stop();
    }
    events.close();
  }

  // ------------------------------------------------------------------ NodeObjects, NodeLeases

  @Override
  public ObservedNode register(NodeDescription node, String finalizer) {
    return nodes.register(node, finalizer);
  }

  @Override
  public void reportStatus(NodeDescription node, NodeInfo info) {
    nodes.reportStatus(node, info);
  }

  @Override
  public Optional<ObservedNode> get(String name) {
    return nodes.get(name);
  }

  @Override
  public void removeFinalizer(String name, String finalizer) {
    nodes.removeFinalizer(name, finalizer);
  }

  @Override
  public int countVirtualNodes() {
    return nodes.countVirtualNodes();
  }

  @Override
  public void onNodeChange(Consumer<String> listener) {
    nodes.onNodeChange(listener);
  }

  @Override
  public void renew(String nodeName, Duration leaseDuration) {
    leases.renew(nodeName, leaseDuration);
  }

  // ------------------------------------------------------------------ NodeObjects + PodCache

  /** Whether every informer (nodes, inputs, the pods of each served node) has its first list. */
  @Override
  public boolean hasSynced() {
    return started && nodes.hasSynced() && inputs.hasSynced() && pods.hasSynced();
  }

  // ------------------------------------------------------------------ PodCache

  @Override
  public Optional<PodView> get(PodUid uid) {
    return pods.get(uid);
  }

  @Override
  public Optional<PodView> find(String namespace, String name) {
    return pods.find(namespace, name);
  }

  @Override
  public List<PodView> podsOn(String nodeName) {
    return pods.podsOn(nodeName);
  }

  @Override
  public void onPodChange(Consumer<PodUid> listener) {
    pods.onPodChange(listener);
  }

  // ------------------------------------------------------------------ pod writes

  @Override
  public boolean write(PodView pod, PodStatus status) {
    return statuses.write(pod, status);
  }

  @Override
  public void deleteNow(String namespace, String name, PodUid uid) {
    deleter.deleteNow(namespace, name, uid);
  }

  // ------------------------------------------------------------------ inputs and tokens

  @Override
  public TranslationInputs lookUp(
      String namespace, InputReferences references, boolean serviceLinks) {
    return inputs.lookUp(namespace, references, serviceLinks);
  }

  @Override
  public Optional<ClusterDns> clusterDns() {
    return inputs.clusterDns();
  }

  @Override
  public Optional<ApiServerEndpoint> apiServerEndpoint() {
    return inputs.apiServerEndpoint();
  }

  @Override
  public Optional<PersistentVolumeFacts> persistentVolume(String csiDriver, String volumeHandle) {
    return inputs.persistentVolume(csiDriver, volumeHandle);
  }

  @Override
  public void onInputChange(Consumer<String> namespaceListener) {
    inputs.onInputChange(namespaceListener);
  }

  @Override
  public ProjectedToken request(
      String namespace,
      String serviceAccount,
      String audience,
      Duration expiration,
      String podName,
      PodUid podUid) {
    return tokens.request(namespace, serviceAccount, audience, expiration, podName, podUid);
  }

  // ------------------------------------------------------------------ events

  @Override
  public void normal(ObjectRef object, String reason, String message) {
    events.normal(object, reason, message);
  }

  @Override
  public void warning(ObjectRef object, String reason, String message) {
    events.warning(object, reason, message);
  }

  private String hostOf(ObjectRef object) {
    if (object.kind().equals("Node")) {
      return object.name();
    }
    if (object.kind().equals("Pod") && !object.uid().isEmpty()) {
      return pods.object(PodUid.of(object.uid()))
          .map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName())
          .orElse("");
    }
    return "";
  }

  /** Settings of a {@link KubernetesCluster}. */
  public static final class Builder {
    private final ApiClient client;
    private Clock clock = Clock.systemUTC();
    private String eventComponent = "cube-vk";
    private boolean serviceLinks;
    private Duration resyncPeriod = Duration.ZERO;

    private Builder(ApiClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The clock of heartbeats, lease renewals and event times (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The {@code source.component} of recorded Events (default {@code cube-vk}). */
    public Builder eventComponent(String component) {
      if (component == null || component.isBlank()) {
        throw new IllegalArgumentException("eventComponent must not be empty");
      }
      this.eventComponent = component;
      return this;
    }

    /**
     * Whether Services are watched for service-link environment variables and the cluster DNS
     * (nodes with cluster-IP support). Off by default: then no Service is ever listed or watched.
     */
    public Builder serviceLinks(boolean on) {
      this.serviceLinks = on;
      return this;
    }

    /**
     * How often the informers offer every cached object again (zero, the default, never). The
     * engine has its own resync; this is for embedders that want the informers' too.
     */
    public Builder resyncPeriod(Duration period) {
      if (period.isNegative()) {
        throw new IllegalArgumentException("resyncPeriod must not be negative: " + period);
      }
      this.resyncPeriod = period;
      return this;
    }

    public KubernetesCluster build() {
      return new KubernetesCluster(this);
    }
  }
}
