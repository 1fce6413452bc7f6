package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Caches;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.CoreV1EndpointPort;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1EndpointSubset;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1EndpointsList;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimList;
import io.kubernetes.client.openapi.models.V1PersistentVolumeList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1StorageClassList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pods refer to, from informer caches: Secrets, ConfigMaps, PersistentVolumeClaims,
 * PersistentVolumes and StorageClasses, the {@code default/kubernetes} Endpoints (one object), and
 * Services only when service links are on (otherwise no Service is ever listed or watched). A
 * lookup is a few map reads; nothing here sends a request per pod.
 */
final class InputCaches implements InputsLookup {

  private static final Logger log = LoggerFactory.getLogger(InputCaches.class);

  /** The cluster DNS Service kubeadm and UK8S install. */
  static final String DNS_NAMESPACE = "kube-system";

  static final String DNS_SERVICE = "kube-dns";
  static final String CLUSTER_DOMAIN = "cluster.local";

  /** The Endpoints object that says where the API server really listens. */
  static final String MASTER_NAMESPACE = "default";

  static final String MASTER_ENDPOINTS = "kubernetes";

  /** The StorageClass binding mode that leaves a claim pending until a pod using it is placed. */
  static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

  /** The namespace index every client-java informer cache has from the start. */
  private static final String BY_NAMESPACE = Caches.NAMESPACE_INDEX;

  private final SyncedOnce synced = new SyncedOnce();
  private final Informers informers;
  private final SharedIndexInformer<V1Secret> secrets;
  private final SharedIndexInformer<V1ConfigMap> configMaps;
  private final SharedIndexInformer<V1PersistentVolumeClaim> claims;
  private final SharedIndexInformer<V1PersistentVolume> volumes;
  private final SharedIndexInformer<V1StorageClass> storageClasses;
  private final SharedIndexInformer<V1Endpoints> masterEndpoints;
  private final Optional<SharedIndexInformer<V1Service>> services;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  InputCaches(Informers informers, CoreV1Api core, StorageV1Api storage, boolean serviceLinks) {
    this.informers = informers;
    secrets =
        informers.create(
            "secrets",
            V1Secret.class,
            V1SecretList.class,
            p ->
                core.listSecretForAllNamespaces()
                    .resourceVersion(p.resourceVersion)
                    .watch(p.watch)
                    .timeoutSeconds(p.timeoutSeconds)
                    .buildCall(null));
    configMaps =
        informers.create(
            "configmaps",
            V1ConfigMap.class,
            V1ConfigMapList.class,
            p ->
                core.listConfigMapForAllNamespaces()
                    .resourceVersion(p.resourceVersion)
                    .watch(p.watch)
                    .timeoutSeconds(p.timeoutSeconds)
                    .buildCall(null));
    claims =
        informers.create(
            "persistentvolumeclaims",
            V1PersistentVolumeClaim.class,
            V1PersistentVolumeClaimList.class,
            p ->
                core.listPersistentVolumeClaimForAllNamespaces()
                    .resourceVersion(p.resourceVersion)
                    .watch(p.watch)
                    .timeoutSeconds(p.timeoutSeconds)
                    .buildCall(null));
    volumes =
        informers.create(
            "persistentvolumes",
            V1PersistentVolume.class,
            V1PersistentVolumeList.class,
            p ->
                core.listPersistentVolume()
                    .resourceVersion(p.resourceVersion)
                    .watch(p.watch)
                    .timeoutSeconds(p.timeoutSeconds)
                    .buildCall(null));
    storageClasses =
        informers.create(
            "storageclasses",
            V1StorageClass.class,
            V1StorageClassList.class,
            p ->
                storage
                    .listStorageClass()
                    .resourceVersion(p.resourceVersion)
                    .watch(p.watch)
                    .timeoutSeconds(p.timeoutSeconds)
                    .buildCall(null));
    // One object, watched by name: nodes without cluster-IP support never watch Services.
    masterEndpoints =
        informers.create(
            "endpoints",
            V1Endpoints.class,
            V1EndpointsList.class,
            p ->
                core.listNamespacedEndpoints(MASTER_NAMESPACE)
                    .fieldSelector("metadata.name=" + MASTER_ENDPOINTS)
                    .resourceVersion(p.resourceVersion)
                    .watch(p.watch)
                    .timeoutSeconds(p.timeoutSeconds)
                    .buildCall(null));
    if (serviceLinks) {
      SharedIndexInformer<V1Service> informer =
          informers.create(
              "services",
              V1Service.class,
              V1ServiceList.class,
              p ->
                  core.listServiceForAllNamespaces()
                      .resourceVersion(p.resourceVersion)
                      .watch(p.watch)
                      .timeoutSeconds(p.timeoutSeconds)
                      .buildCall(null));
      services = Optional.of(informer);
    } else {
      services = Optional.empty();
    }
    secrets.addEventHandler(Informers.onChange(this::changed, this::changed));
    configMaps.addEventHandler(Informers.onChange(this::changed, this::changed));
    claims.addEventHandler(Informers.onChange(this::changed, this::changed));
    volumes.addEventHandler(Informers.onChange(this::volumeChanged, this::volumeChanged));
    // A class changing its binding mode changes only the reason a pending pod gives: no listener.
  }

  void start() {
    secrets.run();
    configMaps.run();
    claims.run();
    volumes.run();
    storageClasses.run();
    masterEndpoints.run();
    services.ifPresent(SharedIndexInformer::run);
  }

  void stop() {
    informers.stop(secrets);
    informers.stop(configMaps);
    informers.stop(claims);
    informers.stop(volumes);
    informers.stop(storageClasses);
    informers.stop(masterEndpoints);
    services.ifPresent(informers::stop);
  }

  boolean hasSynced() {
    return synced.hasSynced(secrets)
        && synced.hasSynced(configMaps)
        && synced.hasSynced(claims)
        && synced.hasSynced(volumes)
        && synced.hasSynced(storageClasses)
        && synced.hasSynced(masterEndpoints)
        && services.map(synced::hasSynced).orElse(true);
  }

  @Override
  public TranslationInputs lookUp(
      String namespace, InputReferences references, boolean serviceLinks) {
    TranslationInputs.Builder inputs = new TranslationInputs.Builder();
    for (String name : references.secrets()) {
      Optional.ofNullable(secrets.getIndexer().getByKey(namespace + "/" + name))
          .ifPresent(s -> inputs.putSecrets(name, InputsMapper.secret(s)));
    }
    for (String name : references.configMaps()) {
      Optional.ofNullable(configMaps.getIndexer().getByKey(namespace + "/" + name))
          .ifPresent(c -> inputs.putConfigMaps(name, InputsMapper.configMap(c)));
    }
    for (String name : references.claims()) {
      V1PersistentVolumeClaim claim = claims.getIndexer().getByKey(namespace + "/" + name);
      if (claim == null) {
        continue;
      }
      String volumeName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
      boolean bound = claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
      V1PersistentVolume volume =
          volumeName == null || !bound ? null : volumes.getIndexer().getByKey(volumeName);
      if (volume == null) {
        inputs.pendingClaim(name, waitsForFirstConsumer(claim));
      } else {
        inputs.boundClaim(name, InputsMapper.volume(volume));
      }
    }
    if (serviceLinks) {
      services.ifPresent(
          informer -> inputs.putAllServiceEnvironment(serviceEnv(informer, namespace)));
    }
    return inputs.build();
  }

  @Override
  public Optional<ClusterDns> clusterDns() {
    return services
        .map(informer -> informer.getIndexer().getByKey(DNS_NAMESPACE + "/" + DNS_SERVICE))
        .filter(s -> s.getSpec() != null && s.getSpec().getClusterIP() != null)
        .filter(
            s ->
                !s.getSpec().getClusterIP().isEmpty() && !"None".equals(s.getSpec().getClusterIP()))
        .map(s -> new ClusterDns(s.getSpec().getClusterIP(), CLUSTER_DOMAIN));
  }

  @Override
  public Optional<ApiServerEndpoint> apiServerEndpoint() {
    V1Endpoints endpoints =
        masterEndpoints.getIndexer().getByKey(MASTER_NAMESPACE + "/" + MASTER_ENDPOINTS);
    if (endpoints == null || endpoints.getSubsets() == null) {
      return Optional.empty();
    }
    for (V1EndpointSubset subset : endpoints.getSubsets()) {
      if (subset.getAddresses() == null
          || subset.getAddresses().isEmpty()
          || subset.getPorts() == null) {
        continue;
      }
      String ip = subset.getAddresses().get(0).getIp();
      Optional<Integer> port =
          subset.getPorts().stream()
              .filter(p -> p.getName() == null || "https".equals(p.getName()))
              .map(CoreV1EndpointPort::getPort)
              .findFirst();
      if (ip != null && !ip.isBlank() && port.isPresent()) {
        return Optional.of(new ApiServerEndpoint(ip, port.get()));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<PersistentVolumeFacts> persistentVolume(String csiDriver, String volumeHandle) {
    // A scan, not an index: only a node drain asks, once per disk, and clusters have few volumes.
    return volumes.getIndexer().list().stream()
        .filter(v -> v.getSpec() != null && v.getSpec().getCsi() != null)
        .filter(v -> csiDriver.equals(v.getSpec().getCsi().getDriver()))
        .filter(v -> volumeHandle.equals(v.getSpec().getCsi().getVolumeHandle()))
        .findFirst()
        .map(InputsMapper::volume);
  }

  @Override
  public void onInputChange(Consumer<String> namespaceListener) {
    listeners.add(namespaceListener);
  }

  private boolean waitsForFirstConsumer(V1PersistentVolumeClaim claim) {
    String className = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
    if (className == null || className.isEmpty()) {
      return false;
    }
    V1StorageClass storageClass = storageClasses.getIndexer().getByKey(className);
    return storageClass != null
        && WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode());
  }

  private static Map<String, String> serviceEnv(
      SharedIndexInformer<V1Service> informer, String namespace) {
    List<V1Service> visible =
        new ArrayList<>(informer.getIndexer().byIndex(BY_NAMESPACE, namespace));
    // As on a kubelet: the API server's own Service is offered in every namespace.
    if (!namespace.equals("default")) {
      Optional.ofNullable(informer.getIndexer().getByKey("default/kubernetes"))
          .ifPresent(visible::add);
    }
    return ServiceLinks.environment(visible);
  }

  private void changed(KubernetesObject object) {
    if (object.getMetadata() != null && object.getMetadata().getNamespace() != null) {
      notifyNamespace(object.getMetadata().getNamespace());
    }
  }

  private void volumeChanged(V1PersistentVolume volume) {
    if (volume.getSpec() != null
        && volume.getSpec().getClaimRef() != null
        && volume.getSpec().getClaimRef().getNamespace() != null) {
      notifyNamespace(volume.getSpec().getClaimRef().getNamespace());
    }
  }

  private void notifyNamespace(String namespace) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(namespace);
      } catch (RuntimeException e) {
        log.error("an input listener failed for namespace {}", namespace, e);
      }
    }
  }
}
