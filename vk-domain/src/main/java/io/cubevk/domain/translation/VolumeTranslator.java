package io.cubevk.domain.translation;

import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.DownwardApiFile;
import io.cubevk.domain.pod.KeyToPath;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.Volume;
import io.cubevk.domain.pod.VolumeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Pod volumes → Cube volumes. Cube mounts emptyDir, NFS, UDisk and inline configMap/secret files;
 * projected and downwardAPI volumes are flattened into inline files once their inputs are known;
 * every other kind is a violation naming it.
 */
final class VolumeTranslator {

  /** Cube's cap on the configMap and secret data one pod mounts (cube-api.md). */
  static final long INLINE_DATA_LIMIT = 30L << 20;

  /** The file systems Cube mounts UDisks with; the seed: "XFS file system is not supported". */
  static final String DEFAULT_UDISK_FS = "ext4";

  /** Where a missing service account is reported. */
  static final String SERVICE_ACCOUNT_PATH = "spec.serviceAccountName";

  private final PodView pod;
  private final TranslationInputs inputs;
  private final DownwardApi downwardApi;
  private final Problems problems;

  VolumeTranslator(
      PodView pod, TranslationInputs inputs, DownwardApi downwardApi, Problems problems) {
    this.pod = pod;
    this.inputs = inputs;
    this.downwardApi = downwardApi;
    this.problems = problems;
  }

  List<CubeVolume> translate() {
    List<CubeVolume> volumes = new ArrayList<>();
    for (int i = 0; i < pod.volumes().size(); i++) {
      Volume volume = pod.volumes().get(i);
      translate(volume, FieldPaths.index("spec.volumes", i)).ifPresent(volumes::add);
    }
    long inline =
        volumes.stream()
            .filter(v -> v instanceof CubeVolume.Files)
            .mapToLong(v -> ((CubeVolume.Files) v).totalBytes())
            .sum();
    if (inline > INLINE_DATA_LIMIT) {
      problems.violation(
          "spec.volumes",
          "the configMap and secret data mounted by the pod add up to "
              + mebibytes(inline)
              + "; Cube accepts at most 30MiB per pod");
    }
    return volumes;
  }

  private Optional<CubeVolume> translate(Volume volume, String path) {
    String name = volume.name();
    VolumeSource source = volume.source();
    String sourcePath = FieldPaths.field(path, source.kind().isEmpty() ? "" : source.kind());
    if (source instanceof VolumeSource.EmptyDir emptyDir) {
      emptyDir
          .medium()
          .filter(m -> m.equalsIgnoreCase("Memory"))
          .ifPresent(
              m ->
                  problems.warning(
                      FieldPaths.field(sourcePath, "medium"),
                      "Cube backs every emptyDir with disk; medium Memory (tmpfs) is ignored"));
      return Optional.of(new CubeVolume.EmptyDir(name));
    }
    if (source instanceof VolumeSource.ConfigMap configMap) {
      return configMapFiles(
              configMap.name(),
              configMap.items(),
              configMap.optional(),
              FieldPaths.field(sourcePath, "name"))
          .map(
              items ->
                  new CubeVolume.Files(
                      name, CubeVolume.Files.Kind.CONFIG_MAP, configMap.name(), items));
    }
    if (source instanceof VolumeSource.Secret secret) {
      return secretFiles(
              secret.secretName(),
              secret.items(),
              secret.optional(),
              FieldPaths.field(sourcePath, "secretName"))
          .map(
              items ->
                  new CubeVolume.Files(
                      name, CubeVolume.Files.Kind.SECRET, secret.secretName(), items));
    }
    if (source instanceof VolumeSource.Nfs nfs) {
      return Optional.of(
          new CubeVolume.Nfs(
              name,
              nfs.server() + ":" + nfs.path(),
              nfs.readOnly() ? Optional.of("ro") : Optional.empty()));
    }
    if (source instanceof VolumeSource.PersistentVolumeClaim claim) {
      return claim(name, claim, sourcePath);
    }
    if (source instanceof VolumeSource.Projected projected) {
      return projected(name, projected, sourcePath);
    }
    if (source instanceof VolumeSource.DownwardApi downward) {
      SortedMap<String, FileBytes> items = new TreeMap<>();
      downwardFiles(downward.items(), FieldPaths.field(sourcePath, "items"), items);
      return Optional.of(new CubeVolume.Files(name, CubeVolume.Files.Kind.CONFIG_MAP, name, items));
    }
    if (source instanceof VolumeSource.HostPath) {
      problems.violation(
          sourcePath,
          "not supported by Cube (a Cube has no host to share); use an emptyDir, a ConfigMap or"
              + " Secret, NFS, or a PersistentVolumeClaim on UDisk");
      return Optional.empty();
    }
    if (source.kind().isEmpty()) {
      problems.violation(path, "volume \"" + name + "\" names no volume source");
      return Optional.empty();
    }
    problems.violation(
        sourcePath,
        "not supported by Cube; Cube mounts emptyDir, configMap, secret, nfs,"
            + " persistentVolumeClaim (UDisk or NFS), projected and downwardAPI volumes");
    return Optional.empty();
  }

  private Optional<CubeVolume> claim(
      String name, VolumeSource.PersistentVolumeClaim claim, String path) {
    String claimPath = FieldPaths.field(path, "claimName");
    ClaimState state = inputs.claims().get(claim.claimName());
    if (state == null || state instanceof ClaimState.Pending) {
      String what = "persistentvolumeclaim \"" + claim.claimName() + "\"";
      if (state instanceof ClaimState.Pending pending) {
        what +=
            pending.waitsForFirstConsumer()
                ? " (not bound yet: its StorageClass is WaitForFirstConsumer, so its volume is"
                    + " provisioned once the scheduler places a pod using it; a pod that names its"
                    + " node in spec.nodeName skips the scheduler, so select the virtual node"
                    + " with nodeSelector)"
                : " (not bound to a volume yet)";
      }
      return problems
          .missing(claimPath, what)
          .map(placeholder -> new CubeVolume.UDisk(name, placeholder, DEFAULT_UDISK_FS, false));
    }
    PersistentVolumeFacts pv = ((ClaimState.Bound) state).volume();
    if (pv.isUDisk()) {
      String fs =
          pv.fsType().filter(f -> !f.isBlank()).orElse(DEFAULT_UDISK_FS).toLowerCase(Locale.ROOT);
      if (fs.equals("xfs")) {
        problems.violation(
            claimPath,
            "claim \""
                + claim.claimName()
                + "\" is bound to UDisk volume "
                + pv.name()
                + " with fsType xfs: \"XFS file system is not supported\" by Cube (UCloud's"
                + " virtual kubelet guide); use fsType ext4 in the StorageClass");
        return Optional.empty();
      }
      if (pv.volumeHandle().filter(h -> !h.isBlank()).isEmpty()) {
        problems.violation(
            claimPath,
            "claim \""
                + claim.claimName()
                + "\" is bound to "
                + pv.name()
                + ", which has no volumeHandle (UDisk id)");
        return Optional.empty();
      }
      if (pv.isRssd()) {
        problems.warning(
            claimPath,
            "claim \""
                + claim.claimName()
                + "\" is bound to RSSD UDisk "
                + pv.volumeHandle().get()
                + ": the mount may fail because the RSSD disk's RDMA area can differ from the"
                + " Cube's; UCloud recommends SSD or SATA UDisks (StorageClass parameter type)");
      }
      return Optional.of(new CubeVolume.UDisk(name, pv.volumeHandle().get(), fs, false));
    }
    if (pv.nfsServer().isPresent() && pv.nfsPath().isPresent()) {
      return Optional.of(
          new CubeVolume.Nfs(
              name,
              pv.nfsServer().get() + ":" + pv.nfsPath().get(),
              pv.mountOptions().isEmpty()
                  ? Optional.empty()
                  : Optional.of(String.join(",", pv.mountOptions()))));
    }
    problems.violation(
        claimPath,
        "claim \""
            + claim.claimName()
            + "\" is bound to "
            + pv.kind()
            + pv.csiDriver().map(d -> " (" + d + ")").orElse("")
            + " volume "
            + pv.name()
            + "; Cube mounts UDisk ("
            + PersistentVolumeFacts.UDISK_CSI_DRIVER
            + ") and NFS persistent volumes only");
    return Optional.empty();
  }

  private Optional<CubeVolume> projected(
      String name, VolumeSource.Projected projected, String path) {
    SortedMap<String, FileBytes> items = new TreeMap<>();
    boolean secret = false;
    for (int j = 0; j < projected.sources().size(); j++) {
      ProjectionSource source = projected.sources().get(j);
      String sourcePath =
          FieldPaths.field(FieldPaths.index(FieldPaths.field(path, "sources"), j), source.kind());
      if (source instanceof ProjectionSource.ServiceAccountToken token) {
        secret = true;
        String audience = token.audience().orElse("");
        ProjectedToken material = inputs.tokens().get(audience);
        if (material != null) {
          items.put(token.path(), FileBytes.utf8(material.token()));
        } else if (inputs.serviceAccountMissing()) {
          serviceAccountMissing();
        } else {
          problems
              .missing(
                  sourcePath,
                  "service account token for "
                      + (audience.isEmpty() ? "the API server" : "audience \"" + audience + "\"")
                      + " (service account \""
                      + pod.serviceAccountName().orElse("default")
                      + "\")")
              .ifPresent(placeholder -> items.put(token.path(), FileBytes.utf8(placeholder)));
        }
      } else if (source instanceof ProjectionSource.ConfigMapItems configMap) {
        configMapFiles(
                configMap.name(),
                configMap.items(),
                configMap.optional(),
                FieldPaths.field(sourcePath, "name"))
            .ifPresent(items::putAll);
      } else if (source instanceof ProjectionSource.SecretItems secretItems) {
        secret = true;
        secretFiles(
                secretItems.name(),
                secretItems.items(),
                secretItems.optional(),
                FieldPaths.field(sourcePath, "name"))
            .ifPresent(items::putAll);
      } else if (source instanceof ProjectionSource.DownwardApiItems downward) {
        downwardFiles(downward.items(), FieldPaths.field(sourcePath, "items"), items);
      } else {
        problems.violation(
            sourcePath,
            "not supported by Cube; projected volumes may combine serviceAccountToken, configMap,"
                + " secret and downwardAPI sources");
      }
    }
    // Anything holding a token or secret data travels as a secret, so Cube treats it as one.
    return Optional.of(
        new CubeVolume.Files(
            name,
            secret ? CubeVolume.Files.Kind.SECRET : CubeVolume.Files.Kind.CONFIG_MAP,
            name,
            items));
  }

  /** Reported once per pod, at the field that names the account, however many tokens need it. */
  private void serviceAccountMissing() {
    if (problems.violations.stream().anyMatch(v -> v.fieldPath().equals(SERVICE_ACCOUNT_PATH))) {
      return;
    }
    String account = pod.serviceAccountName().orElse("default");
    problems.violation(
        SERVICE_ACCOUNT_PATH,
        "service account \""
            + account
            + "\" does not exist in namespace \""
            + pod.namespace()
            + "\", so no token can be requested for the pod's projected volume; create the"
            + " ServiceAccount and the pod again, or set automountServiceAccountToken: false");
  }

  private void downwardFiles(
      List<DownwardApiFile> files, String path, SortedMap<String, FileBytes> items) {
    for (int k = 0; k < files.size(); k++) {
      DownwardApiFile file = files.get(k);
      downwardApi
          .resolve(file.source(), FieldPaths.index(path, k), Optional.empty(), true, problems)
          .ifPresent(value -> items.put(file.path(), FileBytes.utf8(value)));
    }
  }

  private Optional<SortedMap<String, FileBytes>> configMapFiles(
      String configMapName, List<KeyToPath> items, boolean optional, String path) {
    ConfigMapData data = inputs.configMaps().get(configMapName);
    return files(
        "configmap",
        configMapName,
        items,
        optional,
        path,
        data == null ? null : data.keys(),
        key -> data.bytes(key));
  }

  private Optional<SortedMap<String, FileBytes>> secretFiles(
      String secretName, List<KeyToPath> items, boolean optional, String path) {
    SecretData data = inputs.secrets().get(secretName);
    return files(
        "secret",
        secretName,
        items,
        optional,
        path,
        data == null ? null : data.data().keySet(),
        key -> Optional.ofNullable(data.data().get(key)));
  }

  /**
   * The files of a configMap or secret source, as kubelet lays them out: every key under its own
   * name, or only the listed items under their paths. A missing source or listed key makes the pod
   * wait unless the source is optional, in which case it is left out.
   */
  private Optional<SortedMap<String, FileBytes>> files(
      String kind,
      String sourceName,
      List<KeyToPath> items,
      boolean optional,
      String path,
      java.util.Set<String> keys,
      Function<String, Optional<FileBytes>> lookup) {
    SortedMap<String, FileBytes> files = new TreeMap<>();
    if (keys == null) {
      if (optional) {
        return Optional.of(files);
      }
      Optional<String> placeholder = problems.missing(path, kind + " \"" + sourceName + "\"");
      if (placeholder.isEmpty()) {
        return Optional.empty();
      }
      items.forEach(item -> files.put(item.path(), FileBytes.utf8(placeholder.get())));
      return Optional.of(files);
    }
    if (items.isEmpty()) {
      keys.forEach(key -> lookup.apply(key).ifPresent(bytes -> files.put(key, bytes)));
      return Optional.of(files);
    }
    for (KeyToPath item : items) {
      Optional<FileBytes> bytes = lookup.apply(item.key());
      if (bytes.isPresent()) {
        files.put(item.path(), bytes.get());
      } else if (!optional) {
        problems
            .missing(path, "key \"" + item.key() + "\" in " + kind + " \"" + sourceName + "\"")
            .ifPresent(p -> files.put(item.path(), FileBytes.utf8(p)));
      }
    }
    return Optional.of(files);
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1fMiB", bytes / (double) (1L << 20));
  }
}
