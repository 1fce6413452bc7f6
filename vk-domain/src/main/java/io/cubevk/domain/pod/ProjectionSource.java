package io.cubevk.domain.pod;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One source of a projected volume. Cube has no projected volumes: the translation flattens the
 * sources into inline files once their inputs (data, token) are resolved.
 */
public sealed interface ProjectionSource
    permits ProjectionSource.ServiceAccountToken,
        ProjectionSource.ConfigMapItems,
        ProjectionSource.SecretItems,
        ProjectionSource.DownwardApiItems,
        ProjectionSource.Other {

  /** The source's field name in the Kubernetes API. */
  String kind();

  /**
   * {@code serviceAccountToken}: a bound token for the pod's service account.
   *
   * @param audience the token's audience; empty means the API server's
   * @param expirationSeconds requested lifetime (Kubernetes defaults to 3600)
   * @param path the file the token is written to
   */
  record ServiceAccountToken(Optional<String> audience, long expirationSeconds, String path)
      implements ProjectionSource {
    public ServiceAccountToken {
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String kind() {
      return "serviceAccountToken";
    }
  }

  /**
   * {@code configMap}: keys of a ConfigMap.
   *
   * @param name the ConfigMap
   * @param items the keys to project; empty means all
   * @param optional whether a missing ConfigMap is skipped
   */
  record ConfigMapItems(String name, List<KeyToPath> items, boolean optional)
      implements ProjectionSource {
    public ConfigMapItems {
      Objects.requireNonNull(name, "name");
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "configMap";
    }
  }

  /**
   * {@code secret}: keys of a Secret.
   *
   * @param name the Secret
   * @param items the keys to project; empty means all
   * @param optional whether a missing Secret is skipped
   */
  record SecretItems(String name, List<KeyToPath> items, boolean optional)
      implements ProjectionSource {
    public SecretItems {
      Objects.requireNonNull(name, "name");
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "secret";
    }
  }

  /**
   * {@code downwardAPI}: pod fields and container resources as files.
   *
   * @param items the files
   */
  record DownwardApiItems(List<DownwardApiFile> items) implements ProjectionSource {
    public DownwardApiItems {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "downwardAPI";
    }
  }

  /**
   * Any other projection ({@code clusterTrustBundle}, {@code podCertificate}, …), kept by name so
   * that it can be reported.
   *
   * @param kind the source's field name
   */
  record Other(String kind) implements ProjectionSource {
    public Other {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
