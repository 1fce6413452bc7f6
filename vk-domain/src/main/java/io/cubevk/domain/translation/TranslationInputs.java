package io.cubevk.domain.translation;

import io.cubevk.domain.size.CubeSize;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the engine resolved for one pod before translating it. Everything is by name in the pod's
 * namespace; what is absent from a map does not exist (yet).
 *
 * <p>{@link InputReferences#of} tells the engine what to look up.
 */
@Value.Immutable
public abstract class TranslationInputs {

  /** Secrets by name: env, envFrom, volumes, projected sources and image pull secrets. */
  public abstract Map<String, SecretData> secrets();

  /** ConfigMaps by name. */
  public abstract Map<String, ConfigMapData> configMaps();

  /** PersistentVolumeClaims by name, with what they are bound to. */
  public abstract Map<String, ClaimState> claims();

  /** Service-account tokens by audience; the empty audience is the API server's own. */
  public abstract Map<String, ProjectedToken> tokens();

  /**
   * Whether the pod's service account does not exist (TokenRequest answered 404), so its projected
   * tokens can never be had: a violation at {@code spec.serviceAccountName}, not a wait. The API
   * server's admission refuses pods whose account is missing, so this is an account deleted after
   * the pod was made.
   */
  @Value.Default
  public boolean serviceAccountMissing() {
    return false;
  }

  /**
   * Service-link variables ({@code MY_SVC_SERVICE_HOST}, …) of the pod's namespace and of the
   * master service ({@code KUBERNETES_SERVICE_HOST}, …) when the node supports cluster IPs; they
   * come first in every container's environment, as on a kubelet. A pod with {@code
   * enableServiceLinks: false} keeps only the master service's.
   */
  public abstract Map<String, String> serviceEnvironment();

  /** The cluster DNS, when the node supports cluster IPs. */
  public abstract Optional<ClusterDns> clusterDns();

  /**
   * Whether the node supports cluster IPs (a per-node setting, off by default as the seed
   * recommends): without it a {@code ClusterFirst} pod gets the VPC's resolver, with a warning.
   */
  @Value.Default
  public boolean clusterIpSupport() {
    return false;
  }

  /**
   * The API server's real endpoint, given on nodes without cluster-IP support: every container's
   * {@code KUBERNETES_SERVICE_HOST}, {@code KUBERNETES_SERVICE_PORT} and the matching {@code
   * KUBERNETES_PORT…} variables point at it, whatever {@code enableServiceLinks} says (kubelet
   * always sets the master service's variables).
   */
  public abstract Optional<ApiServerEndpoint> apiServerEndpoint();

  /** The node's size for pods that ask for nothing. */
  @Value.Default
  public CubeSize defaultSize() {
    return CubeSize.DEFAULT;
  }

  /**
   * When set, inputs that are missing do not make the pod wait: visible placeholders stand in for
   * them and are listed in the result ({@code cube-vk translate} resolves nothing from a cluster).
   */
  @Value.Default
  public boolean placeholdersForMissing() {
    return false;
  }

  /** Nothing resolved, the default size: enough for a pod that refers to nothing. */
  public static TranslationInputs none() {
    return new Builder().build();
  }

  /** Nothing resolved, every missing input a placeholder, with a given default size. */
  public static TranslationInputs offline(CubeSize defaultSize) {
    return new Builder().defaultSize(defaultSize).placeholdersForMissing(true).build();
  }

  /** Builds {@link TranslationInputs}. */
  public static class Builder extends ImmutableTranslationInputs.Builder {
    /** Records that claim {@code name} exists but is not bound yet. */
    public Builder pendingClaim(String name) {
      putClaims(name, ClaimState.pending());
      return this;
    }

    /**
     * Records that claim {@code name} is not bound yet, and whether its class waits for the first
     * consumer to be scheduled.
     */
    public Builder pendingClaim(String name, boolean waitsForFirstConsumer) {
      putClaims(name, new ClaimState.Pending(waitsForFirstConsumer));
      return this;
    }

    /** Records that claim {@code name} is bound to {@code volume}. */
    public Builder boundClaim(String name, PersistentVolumeFacts volume) {
      putClaims(name, ClaimState.bound(volume));
      return this;
    }
  }
}
