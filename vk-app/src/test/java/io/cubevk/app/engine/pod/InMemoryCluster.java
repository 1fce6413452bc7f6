package io.cubevk.app.engine.pod;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClaimState;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.ConfigMapData;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.ProjectedToken;
import io.cubevk.domain.translation.SecretData;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The cluster's side of the engine in memory: pods, their inputs, status writes, removals, events
 * and tokens, with what the tests assert on. Status writes update the stored pod's phase, as the
 * API server would.
 */
final class InMemoryCluster
    implements PodCache,
        PodStatusWriter,
        PodRemover,
        InputsLookup,
        ServiceAccountTokens,
        ClusterEvents {

  final Map<PodUid, PodView> pods = new ConcurrentHashMap<>();
  final Map<PodUid, PodStatus> statuses = new ConcurrentHashMap<>();
  final Map<PodUid, AtomicInteger> statusWrites = new ConcurrentHashMap<>();
  final Map<String, SecretData> secrets = new ConcurrentHashMap<>();
  final Map<String, ConfigMapData> configMaps = new ConcurrentHashMap<>();
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<PodUid> removed = new CopyOnWriteArrayList<>();
  final Map<String, ClaimState> claims = new ConcurrentHashMap<>();
  final List<PersistentVolumeFacts> volumes = new CopyOnWriteArrayList<>();
  final Set<String> serviceAccounts = ConcurrentHashMap.newKeySet();
  final Map<String, String> serviceEnvironment = new ConcurrentHashMap<>();
  final AtomicInteger tokenRequests = new AtomicInteger();
  final AtomicInteger serviceLinkLookups = new AtomicInteger();
  volatile Optional<ApiServerEndpoint> apiServerEndpoint = Optional.empty();
  volatile Optional<ClusterDns> clusterDns = Optional.empty();

  /** How long the tokens handed out live; kubelet's projected volumes ask for about an hour. */
  volatile Duration tokenLifetime = null;

  private final List<Consumer<PodUid>> podListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> inputListeners = new CopyOnWriteArrayList<>();

  void add(PodView pod) {
    pods.put(pod.uid(), pod);
    podListeners.forEach(l -> l.accept(pod.uid()));
  }

  /** A user's {@code kubectl delete pod}: the API server sets the deletion timestamp. */
  void requestDeletion(PodUid uid) {
    PodView pod = pods.get(uid);
    add(new PodView.Builder().from(pod).deletionTimestamp(Instant.now()).build());
  }

  /** A force delete: the pod object is gone at once. */
  void forceDelete(PodUid uid) {
    pods.remove(uid);
    podListeners.forEach(l -> l.accept(uid));
  }

  void addSecret(String namespace, String name, SecretData data) {
    secrets.put(namespace + "/" + name, data);
    inputListeners.forEach(l -> l.accept(namespace));
  }

  /** A claim bound to a volume (which then also exists as a PersistentVolume). */
  void bindClaim(String namespace, String name, PersistentVolumeFacts volume) {
    claims.put(namespace + "/" + name, new ClaimState.Bound(volume));
    volumes.removeIf(v -> v.name().equals(volume.name()));
    volumes.add(volume);
    inputListeners.forEach(l -> l.accept(namespace));
  }

  void pendingClaim(String namespace, String name, boolean waitsForFirstConsumer) {
    claims.put(namespace + "/" + name, new ClaimState.Pending(waitsForFirstConsumer));
    inputListeners.forEach(l -> l.accept(namespace));
  }

  Optional<PodStatus> status(PodUid uid) {
    return Optional.ofNullable(statuses.get(uid));
  }

  int writes(PodUid uid) {
    return statusWrites.getOrDefault(uid, new AtomicInteger()).get();
  }

  @Override
  public boolean hasSynced() {
    return true;
  }

  @Override
  public Optional<PodView> get(PodUid uid) {
    return Optional.ofNullable(pods.get(uid));
  }

  @Override
  public Optional<PodView> find(String namespace, String name) {
    return pods.values().stream()
        .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
        .findFirst();
  }

  @Override
  public List<PodView> podsOn(String nodeName) {
    return pods.values().stream()
        .filter(p -> p.nodeName().filter(nodeName::equals).isPresent())
        .toList();
  }

  @Override
  public void onPodChange(Consumer<PodUid> listener) {
    podListeners.add(listener);
  }

  @Override
  public boolean write(PodView pod, PodStatus status) {
    if (status.equals(statuses.get(pod.uid()))) {
      return false;
    }
    statuses.put(pod.uid(), status);
    statusWrites.computeIfAbsent(pod.uid(), u -> new AtomicInteger()).incrementAndGet();
    PodView current = pods.get(pod.uid());
    if (current != null) {
      pods.put(pod.uid(), new PodView.Builder().from(current).phase(status.phase()).build());
      podListeners.forEach(l -> l.accept(pod.uid()));
    }
    return true;
  }

  @Override
  public void deleteNow(String namespace, String name, PodUid uid) {
    PodView pod = pods.get(uid);
    if (pod != null && pod.namespace().equals(namespace) && pod.name().equals(name)) {
      pods.remove(uid);
      removed.add(uid);
      podListeners.forEach(l -> l.accept(uid));
    }
  }

  @Override
  public TranslationInputs lookUp(
      String namespace, InputReferences references, boolean serviceLinks) {
    TranslationInputs.Builder inputs = new TranslationInputs.Builder();
    references
        .secrets()
        .forEach(
            name -> {
              SecretData data = secrets.get(namespace + "/" + name);
              if (data != null) {
                inputs.putSecrets(name, data);
              }
            });
    references
        .configMaps()
        .forEach(
            name -> {
              ConfigMapData data = configMaps.get(namespace + "/" + name);
              if (data != null) {
                inputs.putConfigMaps(name, data);
              }
            });
    references
        .claims()
        .forEach(
            name -> {
              ClaimState state = claims.get(namespace + "/" + name);
              if (state != null) {
                inputs.putClaims(name, state);
              }
            });
    if (serviceLinks) {
      serviceLinkLookups.incrementAndGet();
      inputs.putAllServiceEnvironment(serviceEnvironment);
    }
    return inputs.build();
  }

  @Override
  public Optional<ClusterDns> clusterDns() {
    return clusterDns;
  }

  @Override
  public Optional<ApiServerEndpoint> apiServerEndpoint() {
    return apiServerEndpoint;
  }

  @Override
  public Optional<PersistentVolumeFacts> persistentVolume(String csiDriver, String volumeHandle) {
    return volumes.stream()
        .filter(v -> v.csiDriver().filter(csiDriver::equals).isPresent())
        .filter(v -> v.volumeHandle().filter(volumeHandle::equals).isPresent())
        .findFirst();
  }

  @Override
  public void onInputChange(Consumer<String> namespaceListener) {
    inputListeners.add(namespaceListener);
  }

  @Override
  public ProjectedToken request(
      String namespace,
      String serviceAccount,
      String audience,
      Duration expiration,
      String podName,
      PodUid podUid) {
    int n = tokenRequests.incrementAndGet();
    if (!serviceAccount.equals("default") && !serviceAccounts.contains(serviceAccount)) {
      throw new ClusterFailure.NotFound(
          "serviceaccounts \"" + serviceAccount + "\" not found", null);
    }
    Duration life = tokenLifetime == null ? expiration : tokenLifetime;
    Instant now = Instant.now();
    Instant expiry = now.plus(life);
    return new ProjectedToken(jwt(n, podName, audience, now, expiry), Optional.of(expiry));
  }

  /** A JWT-shaped token (unsigned) with iat and exp, as TokenRequest hands out. */
  static String jwt(int n, String podName, String audience, Instant issued, Instant expiry) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String payload =
        "{\"sub\":\"token-"
            + n
            + "-for-"
            + podName
            + "-"
            + audience
            + "\",\"iat\":"
            + issued.getEpochSecond()
            + ",\"exp\":"
            + expiry.getEpochSecond()
            + "}";
    return b64.encodeToString(
            "{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".sig";
  }

  @Override
  public void normal(ObjectRef object, String reason, String message) {
    events.add("Normal " + reason + " " + object.name() + ": " + message);
  }

  @Override
  public void warning(ObjectRef object, String reason, String message) {
    events.add("Warning " + reason + " " + object.name() + ": " + message);
  }
}
