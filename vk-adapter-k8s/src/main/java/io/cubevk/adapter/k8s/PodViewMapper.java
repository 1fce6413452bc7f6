package io.cubevk.adapter.k8s;

import io.cubevk.domain.pod.ContainerPort;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.DnsConfig;
import io.cubevk.domain.pod.DownwardApiFile;
import io.cubevk.domain.pod.DownwardApiSource;
import io.cubevk.domain.pod.EnvFromSource;
import io.cubevk.domain.pod.EnvVar;
import io.cubevk.domain.pod.EnvVarSource;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.HostAlias;
import io.cubevk.domain.pod.KeyToPath;
import io.cubevk.domain.pod.OwnerReference;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.ResourceFieldRef;
import io.cubevk.domain.pod.Resources;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.pod.Volume;
import io.cubevk.domain.pod.VolumeMount;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.status.ContainerStatus;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceFieldSelector;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Maps client-java's {@link V1Pod} into the domain's {@link PodView}. Shared by the engine (pods
 * from the informer) and {@code cube-vk translate} (pods read from files).
 *
 * <p>Everything the rules may reject is carried over rather than dropped: every volume kind by its
 * field name, host namespaces, host ports, privileged containers, probes. Quantities are passed as
 * the strings the API server canonicalised, so a bad one is reported by the translation.
 */
public final class PodViewMapper {

  /**
   * The volume kinds Cube has no variant for, by their field names, in the API's order; the
   * translation names them in its violations.
   */
  private static final List<Map.Entry<String, Function<V1Volume, Object>>> OTHER_VOLUME_KINDS =
      List.of(
          Map.entry("awsElasticBlockStore", V1Volume::getAwsElasticBlockStore),
          Map.entry("azureDisk", V1Volume::getAzureDisk),
          Map.entry("azureFile", V1Volume::getAzureFile),
          Map.entry("cephfs", V1Volume::getCephfs),
          Map.entry("cinder", V1Volume::getCinder),
          Map.entry("csi", V1Volume::getCsi),
          Map.entry("ephemeral", V1Volume::getEphemeral),
          Map.entry("fc", V1Volume::getFc),
          Map.entry("flexVolume", V1Volume::getFlexVolume),
          Map.entry("flocker", V1Volume::getFlocker),
          Map.entry("gcePersistentDisk", V1Volume::getGcePersistentDisk),
          Map.entry("gitRepo", V1Volume::getGitRepo),
          Map.entry("glusterfs", V1Volume::getGlusterfs),
          Map.entry("image", V1Volume::getImage),
          Map.entry("iscsi", V1Volume::getIscsi),
          Map.entry("photonPersistentDisk", V1Volume::getPhotonPersistentDisk),
          Map.entry("portworxVolume", V1Volume::getPortworxVolume),
          Map.entry("quobyte", V1Volume::getQuobyte),
          Map.entry("rbd", V1Volume::getRbd),
          Map.entry("scaleIO", V1Volume::getScaleIO),
          Map.entry("storageos", V1Volume::getStorageos),
          Map.entry("vsphereVolume", V1Volume::getVsphereVolume));

  private PodViewMapper() {}

  /**
   * The view of a pod.
   *
   * @throws IllegalArgumentException when the pod lacks metadata.name, metadata.namespace,
   *     metadata.uid or spec, which every pod from an API server has
   */
  public static PodView toPodView(V1Pod pod) {
    V1ObjectMeta meta = Objects.requireNonNullElseGet(pod.getMetadata(), V1ObjectMeta::new);
    V1PodSpec spec = pod.getSpec();
    String name = required(meta.getName(), "metadata.name");
    String namespace = required(meta.getNamespace(), "metadata.namespace of pod " + name);
    String uid = required(meta.getUid(), "metadata.uid of pod " + namespace + "/" + name);
    if (spec == null) {
      throw new IllegalArgumentException("pod " + namespace + "/" + name + " has no spec");
    }
    PodView.Builder view =
        new PodView.Builder()
            .namespace(namespace)
            .name(name)
            .uid(PodUid.of(uid))
            .putAllLabels(orEmpty(meta.getLabels()))
            .putAllAnnotations(orEmpty(meta.getAnnotations()))
            .nodeName(Optional.ofNullable(spec.getNodeName()))
            .hostNetwork(Boolean.TRUE.equals(spec.getHostNetwork()))
            .hostPid(Boolean.TRUE.equals(spec.getHostPID()))
            .hostIpc(Boolean.TRUE.equals(spec.getHostIPC()))
            .hostUsers(!Boolean.FALSE.equals(spec.getHostUsers()))
            // serviceAccount is the deprecated spelling the seed's example still uses.
            .serviceAccountName(
                Optional.ofNullable(spec.getServiceAccountName())
                    .or(() -> Optional.ofNullable(spec.getServiceAccount())))
            .enableServiceLinks(!Boolean.FALSE.equals(spec.getEnableServiceLinks()))
            .automountServiceAccountToken(
                Optional.ofNullable(spec.getAutomountServiceAccountToken()))
            .dnsPolicy(Optional.ofNullable(spec.getDnsPolicy()))
            .creationTimestamp(instant(meta.getCreationTimestamp()))
            .deletionTimestamp(instant(meta.getDeletionTimestamp()))
            .deletionGracePeriodSeconds(Optional.ofNullable(meta.getDeletionGracePeriodSeconds()));
    Optional.ofNullable(spec.getRestartPolicy())
        .flatMap(RestartPolicy::fromWord)
        .ifPresent(view::restartPolicy);
    orEmpty(spec.getContainers()).forEach(c -> view.addContainers(container(c)));
    orEmpty(spec.getInitContainers()).forEach(c -> view.addInitContainers(container(c)));
    orEmpty(spec.getVolumes()).forEach(v -> view.addVolumes(volume(v)));
    orEmpty(spec.getImagePullSecrets()).stream()
        .map(ref -> ref.getName())
        .filter(Objects::nonNull)
        .forEach(view::addImagePullSecrets);
    if (spec.getDnsConfig() != null) {
      view.dnsConfig(
          new DnsConfig(
              orEmpty(spec.getDnsConfig().getNameservers()),
              orEmpty(spec.getDnsConfig().getSearches()),
              orEmpty(spec.getDnsConfig().getOptions()).stream()
                  .map(
                      o ->
                          new DnsConfig.Option(
                              nonNull(o.getName()), Optional.ofNullable(o.getValue())))
                  .toList()));
    }
    orEmpty(spec.getHostAliases())
        .forEach(
            a -> view.addHostAliases(new HostAlias(nonNull(a.getIp()), orEmpty(a.getHostnames()))));
    orEmpty(meta.getOwnerReferences())
        .forEach(
            o ->
                view.addOwnerReferences(
                    new OwnerReference(
                        nonNull(o.getApiVersion()),
                        nonNull(o.getKind()),
                        nonNull(o.getName()),
                        nonNull(o.getUid()),
                        Boolean.TRUE.equals(o.getController()))));
    if (pod.getStatus() != null) {
      if (pod.getStatus().getPhase() != null) {
        view.phase(PodPhase.fromWord(pod.getStatus().getPhase()));
      }
      Optional.ofNullable(pod.getStatus().getPodIP())
          .filter(ip -> !ip.isEmpty())
          .ifPresent(view::podIp);
      Stream.concat(
              orEmpty(pod.getStatus().getContainerStatuses()).stream(),
              orEmpty(pod.getStatus().getInitContainerStatuses()).stream())
          .map(V1ContainerStatus::getContainerID)
          .map(ContainerStatus::cubeIdOf)
          .flatMap(Optional::stream)
          .findFirst()
          .ifPresent(view::statusCubeId);
    }
    return view.build();
  }

  static ContainerView container(V1Container container) {
    ContainerView.Builder view =
        new ContainerView.Builder()
            .name(nonNull(container.getName()))
            .image(nonNull(container.getImage()))
            .addAllCommand(orEmpty(container.getCommand()))
            .addAllArgs(orEmpty(container.getArgs()))
            .workingDir(Optional.ofNullable(container.getWorkingDir()))
            .resources(resources(container.getResources()))
            .restartPolicy(Optional.ofNullable(container.getRestartPolicy()));
    orEmpty(container.getEnv()).forEach(e -> view.addEnv(env(e)));
    orEmpty(container.getEnvFrom()).forEach(e -> envFrom(e).ifPresent(view::addEnvFrom));
    orEmpty(container.getPorts())
        .forEach(
            p ->
                view.addPorts(
                    new ContainerPort(
                        Optional.ofNullable(p.getName()),
                        p.getContainerPort() == null ? 0 : p.getContainerPort(),
                        Optional.ofNullable(p.getHostPort()),
                        Optional.ofNullable(p.getProtocol()).orElse("TCP"))));
    orEmpty(container.getVolumeMounts())
        .forEach(
            m ->
                view.addVolumeMounts(
                    new VolumeMount(
                        nonNull(m.getName()),
                        nonNull(m.getMountPath()),
                        Boolean.TRUE.equals(m.getReadOnly()),
                        Optional.ofNullable(m.getSubPath()).filter(s -> !s.isEmpty()))));
    orEmpty(container.getVolumeDevices()).forEach(d -> view.addVolumeDevices(nonNull(d.getName())));
    if (container.getSecurityContext() != null) {
      view.privileged(Optional.ofNullable(container.getSecurityContext().getPrivileged()));
    }
    Set<String> probes = new LinkedHashSet<>();
    if (container.getLivenessProbe() != null) {
      probes.add("livenessProbe");
    }
    if (container.getReadinessProbe() != null) {
      probes.add("readinessProbe");
    }
    if (container.getStartupProbe() != null) {
      probes.add("startupProbe");
    }
    view.addAllProbes(probes);
    if (container.getLifecycle() != null) {
      if (container.getLifecycle().getPostStart() != null) {
        view.addLifecycleHooks("postStart");
      }
      if (container.getLifecycle().getPreStop() != null) {
        view.addLifecycleHooks("preStop");
      }
    }
    return view.build();
  }

  private static Resources resources(V1ResourceRequirements resources) {
    if (resources == null) {
      return Resources.NONE;
    }
    return new Resources(quantities(resources.getRequests()), quantities(resources.getLimits()));
  }

  private static Map<String, String> quantities(Map<String, Quantity> list) {
    Map<String, String> out = new LinkedHashMap<>();
    orEmpty(list)
        .forEach(
            (name, quantity) -> out.put(name, quantity == null ? "" : quantity.toSuffixedString()));
    return out;
  }

  private static EnvVar env(V1EnvVar env) {
    V1EnvVarSource from = env.getValueFrom();
    if (from == null) {
      return new EnvVar(
          nonNull(env.getName()), Optional.ofNullable(env.getValue()), Optional.empty());
    }
    return EnvVar.from(nonNull(env.getName()), envSource(from));
  }

  private static EnvVarSource envSource(V1EnvVarSource from) {
    if (from.getSecretKeyRef() != null) {
      return new EnvVarSource.SecretKey(
          nonNull(from.getSecretKeyRef().getName()),
          nonNull(from.getSecretKeyRef().getKey()),
          Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()));
    }
    if (from.getConfigMapKeyRef() != null) {
      return new EnvVarSource.ConfigMapKey(
          nonNull(from.getConfigMapKeyRef().getName()),
          nonNull(from.getConfigMapKeyRef().getKey()),
          Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional()));
    }
    if (from.getFieldRef() != null) {
      return new FieldRef(nonNull(from.getFieldRef().getFieldPath()));
    }
    if (from.getResourceFieldRef() != null) {
      return resourceFieldRef(from.getResourceFieldRef());
    }
    return new EnvVarSource.Other(from.getFileKeyRef() != null ? "fileKeyRef" : "");
  }

  private static ResourceFieldRef resourceFieldRef(V1ResourceFieldSelector ref) {
    return new ResourceFieldRef(
        Optional.ofNullable(ref.getContainerName()).filter(n -> !n.isEmpty()),
        nonNull(ref.getResource()),
        Optional.ofNullable(ref.getDivisor()).map(Quantity::toSuffixedString));
  }

  private static Optional<EnvFromSource> envFrom(V1EnvFromSource from) {
    String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
    if (from.getConfigMapRef() != null) {
      return Optional.of(
          new EnvFromSource.ConfigMapEnv(
              nonNull(from.getConfigMapRef().getName()),
              prefix,
              Boolean.TRUE.equals(from.getConfigMapRef().getOptional())));
    }
    if (from.getSecretRef() != null) {
      return Optional.of(
          new EnvFromSource.SecretEnv(
              nonNull(from.getSecretRef().getName()),
              prefix,
              Boolean.TRUE.equals(from.getSecretRef().getOptional())));
    }
    return Optional.empty();
  }

  static Volume volume(V1Volume volume) {
    return new Volume(nonNull(volume.getName()), volumeSource(volume));
  }

  private static VolumeSource volumeSource(V1Volume v) {
    if (v.getEmptyDir() != null) {
      return new VolumeSource.EmptyDir(
          Optional.ofNullable(v.getEmptyDir().getMedium()).filter(m -> !m.isEmpty()),
          Optional.ofNullable(v.getEmptyDir().getSizeLimit()).map(Quantity::toSuffixedString));
    }
    if (v.getConfigMap() != null) {
      return new VolumeSource.ConfigMap(
          nonNull(v.getConfigMap().getName()),
          items(v.getConfigMap().getItems()),
          Optional.ofNullable(v.getConfigMap().getDefaultMode()),
          Boolean.TRUE.equals(v.getConfigMap().getOptional()));
    }
    if (v.getSecret() != null) {
      return new VolumeSource.Secret(
          nonNull(v.getSecret().getSecretName()),
          items(v.getSecret().getItems()),
          Optional.ofNullable(v.getSecret().getDefaultMode()),
          Boolean.TRUE.equals(v.getSecret().getOptional()));
    }
    if (v.getNfs() != null) {
      return new VolumeSource.Nfs(
          nonNull(v.getNfs().getServer()),
          nonNull(v.getNfs().getPath()),
          Boolean.TRUE.equals(v.getNfs().getReadOnly()));
    }
    if (v.getPersistentVolumeClaim() != null) {
      return new VolumeSource.PersistentVolumeClaim(
          nonNull(v.getPersistentVolumeClaim().getClaimName()),
          Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()));
    }
    if (v.getProjected() != null) {
      return new VolumeSource.Projected(
          orEmpty(v.getProjected().getSources()).stream().map(PodViewMapper::projection).toList(),
          Optional.ofNullable(v.getProjected().getDefaultMode()));
    }
    if (v.getDownwardAPI() != null) {
      return new VolumeSource.DownwardApi(
          downwardFiles(v.getDownwardAPI().getItems()),
          Optional.ofNullable(v.getDownwardAPI().getDefaultMode()));
    }
    if (v.getHostPath() != null) {
      return new VolumeSource.HostPath(
          nonNull(v.getHostPath().getPath()), Optional.ofNullable(v.getHostPath().getType()));
    }
    return OTHER_VOLUME_KINDS.stream()
        .filter(kind -> kind.getValue().apply(v) != null)
        .findFirst()
        .<VolumeSource>map(kind -> new VolumeSource.Other(kind.getKey()))
        .orElse(new VolumeSource.Other(""));
  }

  private static ProjectionSource projection(V1VolumeProjection p) {
    if (p.getServiceAccountToken() != null) {
      return new ProjectionSource.ServiceAccountToken(
          Optional.ofNullable(p.getServiceAccountToken().getAudience()).filter(a -> !a.isEmpty()),
          Optional.ofNullable(p.getServiceAccountToken().getExpirationSeconds()).orElse(3600L),
          nonNull(p.getServiceAccountToken().getPath()));
    }
    if (p.getConfigMap() != null) {
      return new ProjectionSource.ConfigMapItems(
          nonNull(p.getConfigMap().getName()),
          items(p.getConfigMap().getItems()),
          Boolean.TRUE.equals(p.getConfigMap().getOptional()));
    }
    if (p.getSecret() != null) {
      return new ProjectionSource.SecretItems(
          nonNull(p.getSecret().getName()),
          items(p.getSecret().getItems()),
          Boolean.TRUE.equals(p.getSecret().getOptional()));
    }
    if (p.getDownwardAPI() != null) {
      return new ProjectionSource.DownwardApiItems(downwardFiles(p.getDownwardAPI().getItems()));
    }
    if (p.getClusterTrustBundle() != null) {
      return new ProjectionSource.Other("clusterTrustBundle");
    }
    if (p.getPodCertificate() != null) {
      return new ProjectionSource.Other("podCertificate");
    }
    return new ProjectionSource.Other("");
  }

  private static List<DownwardApiFile> downwardFiles(List<V1DownwardAPIVolumeFile> files) {
    List<DownwardApiFile> out = new ArrayList<>();
    for (V1DownwardAPIVolumeFile file : orEmpty(files)) {
      DownwardApiSource source =
          file.getFieldRef() != null
              ? new FieldRef(nonNull(file.getFieldRef().getFieldPath()))
              : file.getResourceFieldRef() != null
                  ? resourceFieldRef(file.getResourceFieldRef())
                  : new FieldRef("");
      out.add(
          new DownwardApiFile(
              nonNull(file.getPath()), source, Optional.ofNullable(file.getMode())));
    }
    return out;
  }

  private static List<KeyToPath> items(List<V1KeyToPath> items) {
    return orEmpty(items).stream()
        .map(
            i ->
                new KeyToPath(
                    nonNull(i.getKey()), nonNull(i.getPath()), Optional.ofNullable(i.getMode())))
        .toList();
  }

  private static Optional<Instant> instant(OffsetDateTime time) {
    return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
  }

  private static String required(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("pod has no " + what);
    }
    return value;
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
