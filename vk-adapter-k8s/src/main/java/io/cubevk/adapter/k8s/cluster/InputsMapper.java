package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.translation.ConfigMapData;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.SecretData;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Secrets, ConfigMaps and PersistentVolumes as the translation reads them. A Secret keeps its type
 * and its data as bytes: a {@code kubernetes.io/dockerconfigjson} pull secret arrives with its
 * {@code .dockerconfigjson} key, which the domain parses (client-java has already decoded the
 * base64 of the wire).
 */
final class InputsMapper {

  /** The volume source fields of a PersistentVolume, in the API's order. */
  private static final List<Map.Entry<String, Function<V1PersistentVolumeSpec, Object>>> KINDS =
      List.of(
          Map.entry("csi", V1PersistentVolumeSpec::getCsi),
          Map.entry("nfs", V1PersistentVolumeSpec::getNfs),
          Map.entry("hostPath", V1PersistentVolumeSpec::getHostPath),
          Map.entry("local", V1PersistentVolumeSpec::getLocal),
          Map.entry("awsElasticBlockStore", V1PersistentVolumeSpec::getAwsElasticBlockStore),
          Map.entry("azureDisk", V1PersistentVolumeSpec::getAzureDisk),
          Map.entry("azureFile", V1PersistentVolumeSpec::getAzureFile),
          Map.entry("cephfs", V1PersistentVolumeSpec::getCephfs),
          Map.entry("cinder", V1PersistentVolumeSpec::getCinder),
          Map.entry("fc", V1PersistentVolumeSpec::getFc),
          Map.entry("flexVolume", V1PersistentVolumeSpec::getFlexVolume),
          Map.entry("flocker", V1PersistentVolumeSpec::getFlocker),
          Map.entry("gcePersistentDisk", V1PersistentVolumeSpec::getGcePersistentDisk),
          Map.entry("glusterfs", V1PersistentVolumeSpec::getGlusterfs),
          Map.entry("iscsi", V1PersistentVolumeSpec::getIscsi),
          Map.entry("photonPersistentDisk", V1PersistentVolumeSpec::getPhotonPersistentDisk),
          Map.entry("portworxVolume", V1PersistentVolumeSpec::getPortworxVolume),
          Map.entry("quobyte", V1PersistentVolumeSpec::getQuobyte),
          Map.entry("rbd", V1PersistentVolumeSpec::getRbd),
          Map.entry("scaleIO", V1PersistentVolumeSpec::getScaleIO),
          Map.entry("storageos", V1PersistentVolumeSpec::getStorageos),
          Map.entry("vsphereVolume", V1PersistentVolumeSpec::getVsphereVolume));

  /** The volume attribute the UDisk CSI driver copies from its StorageClass's {@code type}. */
  static final String UDISK_TYPE_ATTRIBUTE = "type";

  private InputsMapper() {}

  static SecretData secret(V1Secret secret) {
    TreeMap<String, FileBytes> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, FileBytes.of(v == null ? new byte[0] : v)));
    }
    return new SecretData(secret.getType() == null ? "Opaque" : secret.getType(), data);
  }

  static ConfigMapData configMap(V1ConfigMap configMap) {
    TreeMap<String, String> data = new TreeMap<>();
    if (configMap.getData() != null) {
      configMap.getData().forEach((k, v) -> data.put(k, v == null ? "" : v));
    }
    TreeMap<String, FileBytes> binary = new TreeMap<>();
    if (configMap.getBinaryData() != null) {
      configMap
          .getBinaryData()
          .forEach((k, v) -> binary.put(k, FileBytes.of(v == null ? new byte[0] : v)));
    }
    return new ConfigMapData(data, binary);
  }

  static PersistentVolumeFacts volume(V1PersistentVolume volume) {
    V1PersistentVolumeSpec spec =
        volume.getSpec() == null ? new V1PersistentVolumeSpec() : volume.getSpec();
    String kind =
        KINDS.stream()
            .filter(k -> k.getValue().apply(spec) != null)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse("unknown");
    var csi = Optional.ofNullable(spec.getCsi());
    var nfs = Optional.ofNullable(spec.getNfs());
    return new PersistentVolumeFacts(
        volume.getMetadata().getName(),
        csi.map(c -> c.getDriver()),
        csi.map(c -> c.getVolumeHandle()),
        csi.map(c -> c.getFsType()),
        nfs.map(n -> n.getServer()),
        nfs.map(n -> n.getPath()),
        spec.getMountOptions() == null ? List.of() : spec.getMountOptions(),
        kind,
        Optional.ofNullable(spec.getPersistentVolumeReclaimPolicy()),
        csi.map(c -> c.getVolumeAttributes()).map(a -> a.get(UDISK_TYPE_ATTRIBUTE)));
  }
}
