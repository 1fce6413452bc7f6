package io.cubevk.domain.translation;

import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.EnvVar;
import io.cubevk.domain.pod.EnvVarSource;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.Volume;
import io.cubevk.domain.pod.VolumeSource;
import java.time.Duration;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The inputs a pod refers to, so the engine knows what to look up before translating it.
 *
 * @param secrets Secret names (env, envFrom, volumes, projections, image pull secrets)
 * @param configMaps ConfigMap names
 * @param claims PersistentVolumeClaim names
 * @param tokenLifetimes the lifetime to ask for each audience of the pod's projected
 *     service-account tokens ({@code expirationSeconds}; the shortest where several sources share
 *     an audience); empty text is the API server's own audience
 */
public record InputReferences(
    SortedSet<String> secrets,
    SortedSet<String> configMaps,
    SortedSet<String> claims,
    SortedMap<String, Duration> tokenLifetimes) {

  /** Kubernetes' default {@code expirationSeconds} of a projected token. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

  public InputReferences {
    secrets = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(secrets));
    configMaps = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(configMaps));
    claims = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(claims));
    tokenLifetimes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tokenLifetimes));
  }

  /** The audiences of the pod's projected tokens; empty text is the API server's own. */
  public SortedSet<String> tokenAudiences() {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tokenLifetimes.keySet()));
  }

  /** Everything {@code pod} refers to. */
  public static InputReferences of(PodView pod) {
    SortedSet<String> secrets = new TreeSet<>(pod.imagePullSecrets());
    SortedSet<String> configMaps = new TreeSet<>();
    SortedSet<String> claims = new TreeSet<>();
    SortedMap<String, Duration> audiences = new TreeMap<>();
    for (ContainerView container : pod.allContainers()) {
      for (EnvVar env : container.env()) {
        env.valueFrom()
            .ifPresent(
                source -> {
                  if (source instanceof EnvVarSource.SecretKey ref) {
                    secrets.add(ref.name());
                  } else if (source instanceof EnvVarSource.ConfigMapKey ref) {
                    configMaps.add(ref.name());
                  }
                });
      }
      container
          .envFrom()
          .forEach(
              from ->
                  (from instanceof io.cubevk.domain.pod.EnvFromSource.SecretEnv
                          ? secrets
                          : configMaps)
                      .add(from.name()));
    }
    for (Volume volume : pod.volumes()) {
      VolumeSource source = volume.source();
      if (source instanceof VolumeSource.Secret secret) {
        secrets.add(secret.secretName());
      } else if (source instanceof VolumeSource.ConfigMap configMap) {
        configMaps.add(configMap.name());
      } else if (source instanceof VolumeSource.PersistentVolumeClaim claim) {
        claims.add(claim.claimName());
      } else if (source instanceof VolumeSource.Projected projected) {
        for (ProjectionSource projection : projected.sources()) {
          if (projection instanceof ProjectionSource.SecretItems s) {
            secrets.add(s.name());
          } else if (projection instanceof ProjectionSource.ConfigMapItems c) {
            configMaps.add(c.name());
          } else if (projection instanceof ProjectionSource.ServiceAccountToken t) {
            Duration lifetime =
                t.expirationSeconds() > 0
                    ? Duration.ofSeconds(t.expirationSeconds())
                    : DEFAULT_TOKEN_LIFETIME;
            audiences.merge(
                t.audience().orElse(""), lifetime, (a, b) -> a.compareTo(b) <= 0 ? a : b);
          }
        }
      }
    }
    return new InputReferences(secrets, configMaps, claims, audiences);
  }

  /** Whether the pod refers to nothing that must be looked up. */
  public boolean isEmpty() {
    return Set.of(secrets, configMaps, claims).stream().allMatch(Set::isEmpty)
        && tokenLifetimes.isEmpty();
  }
}
