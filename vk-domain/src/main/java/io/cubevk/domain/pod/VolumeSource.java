package io.cubevk.domain.pod;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What backs a pod volume. Every Kubernetes volume kind is representable: those a Cube can mount
 * have their own variant, the rest are {@link Other} with the kind's field name, so a rejection can
 * say exactly which kind is not supported.
 */
public sealed interface VolumeSource
    permits VolumeSource.EmptyDir,
        VolumeSource.ConfigMap,
        VolumeSource.Secret,
        VolumeSource.Nfs,
        VolumeSource.PersistentVolumeClaim,
        VolumeSource.Projected,
        VolumeSource.DownwardApi,
        VolumeSource.HostPath,
        VolumeSource.Other {

  /** The kind's field name in the Kubernetes API ({@code emptyDir}, {@code hostPath}, …). */
  String kind();

  /**
   * {@code emptyDir}.
   *
   * @param medium {@code Memory} for tmpfs, empty for disk
   * @param sizeLimit the size limit as written, if set
   */
  record EmptyDir(Optional<String> medium, Optional<String> sizeLimit) implements VolumeSource {
    public EmptyDir {
      Objects.requireNonNull(medium, "medium");
      Objects.requireNonNull(sizeLimit, "sizeLimit");
    }

    /** An {@code emptyDir: {}}. */
    public static EmptyDir plain() {
      return new EmptyDir(Optional.empty(), Optional.empty());
    }

    @Override
    public String kind() {
      return "emptyDir";
    }
  }

  /**
   * {@code configMap}.
   *
   * @param name the ConfigMap
   * @param items the keys to mount; empty means every key under its own name
   * @param defaultMode the files' mode, if set
   * @param optional whether a missing ConfigMap mounts as empty instead of waiting
   */
  record ConfigMap(
      String name, List<KeyToPath> items, Optional<Integer> defaultMode, boolean optional)
      implements VolumeSource {
    public ConfigMap {
      Objects.requireNonNull(name, "name");
      items = List.copyOf(items);
      Objects.requireNonNull(defaultMode, "defaultMode");
    }

    @Override
    public String kind() {
      return "configMap";
    }
  }

  /**
   * {@code secret}.
   *
   * @param secretName the Secret
   * @param items the keys to mount; empty means every key under its own name
   * @param defaultMode the files' mode, if set
   * @param optional whether a missing Secret mounts as empty instead of waiting
   */
  record Secret(
      String secretName, List<KeyToPath> items, Optional<Integer> defaultMode, boolean optional)
      implements VolumeSource {
    public Secret {
      Objects.requireNonNull(secretName, "secretName");
      items = List.copyOf(items);
      Objects.requireNonNull(defaultMode, "defaultMode");
    }

    @Override
    public String kind() {
      return "secret";
    }
  }

  /**
   * {@code nfs}.
   *
   * @param server the NFS server
   * @param path the exported path
   * @param readOnly whether it is mounted read-only
   */
  record Nfs(String server, String path, boolean readOnly) implements VolumeSource {
    public Nfs {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String kind() {
      return "nfs";
    }
  }

  /**
   * {@code persistentVolumeClaim}.
   *
   * @param claimName the claim in the pod's namespace
   * @param readOnly whether it is mounted read-only
   */
  record PersistentVolumeClaim(String claimName, boolean readOnly) implements VolumeSource {
    public PersistentVolumeClaim {
      Objects.requireNonNull(claimName, "claimName");
    }

    @Override
    public String kind() {
      return "persistentVolumeClaim";
    }
  }

  /**
   * {@code projected}.
   *
   * @param sources the projected sources, in order
   * @param defaultMode the files' mode, if set
   */
  record Projected(List<ProjectionSource> sources, Optional<Integer> defaultMode)
      implements VolumeSource {
    public Projected {
      sources = List.copyOf(sources);
      Objects.requireNonNull(defaultMode, "defaultMode");
    }

    /**
     * Whether this is the service-account volume the API server injects ({@code kube-api-access-*}:
     * a token, the cluster CA from {@code kube-root-ca.crt} and the namespace).
     */
    public boolean isServiceAccountAccess() {
      return sources.stream().anyMatch(s -> s instanceof ProjectionSource.ServiceAccountToken);
    }

    @Override
    public String kind() {
      return "projected";
    }
  }

  /**
   * {@code downwardAPI}.
   *
   * @param items the files
   * @param defaultMode the files' mode, if set
   */
  record DownwardApi(List<DownwardApiFile> items, Optional<Integer> defaultMode)
      implements VolumeSource {
    public DownwardApi {
      items = List.copyOf(items);
      Objects.requireNonNull(defaultMode, "defaultMode");
    }

    @Override
    public String kind() {
      return "downwardAPI";
    }
  }

  /**
   * {@code hostPath}: a Cube has no host to share.
   *
   * @param path the host path
   * @param type the hostPath type, if set
   */
  record HostPath(String path, Optional<String> type) implements VolumeSource {
    public HostPath {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String kind() {
      return "hostPath";
    }
  }

  /**
   * Any other kind ({@code csi}, {@code ephemeral}, {@code iscsi}, {@code awsElasticBlockStore},
   * {@code image}, …), kept by its field name.
   *
   * @param kind the kind's field name; empty text when the volume named no source at all
   */
  record Other(String kind) implements VolumeSource {
    public Other {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
