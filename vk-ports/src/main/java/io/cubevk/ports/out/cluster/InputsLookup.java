package io.cubevk.ports.out.cluster;

import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.TranslationInputs;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Looks up what a pod refers to, in its namespace, from informer caches (Secrets, ConfigMaps,
 * PersistentVolumeClaims and their volumes, Services): never one GET per pod per resync.
 */
public interface InputsLookup {

  /**
   * The Secrets, ConfigMaps and claims the references name, as found now (missing ones absent: the
   * translation reports them as unresolved). Tokens, the default size and the cluster DNS are the
   * engine's to add (copy with {@code new TranslationInputs.Builder().from(inputs)}); tokens come
   * from {@link ServiceAccountTokens}.
   *
   * <p>Claims not bound yet are {@link io.cubevk.domain.translation.ClaimState.Pending}, saying
   * whether their StorageClass is {@code WaitForFirstConsumer}; bound claims carry the volume's
   * reclaim policy and UDisk type ({@link PersistentVolumeFacts}).
   *
   * @param serviceLinks whether to add the service-link environment of the namespace and of the
   *     master service (nodes with cluster-IP support only; without it no Service is ever watched).
   *     The translation applies the pod's {@code enableServiceLinks}.
   */
  TranslationInputs lookUp(String namespace, InputReferences references, boolean serviceLinks);

  /** The cluster DNS service (cluster-IP support only), if the cluster has one. */
  Optional<ClusterDns> clusterDns();

  /**
   * Where the API server really listens: the first address and port of the {@code
   * default/kubernetes} Endpoints. Nodes without cluster-IP support give it to their Cubes as
   * {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}, since the Service's cluster IP is unreachable
   * from a Cube. Read from that one object (never a Service watch); empty until it is known.
   */
  Optional<ApiServerEndpoint> apiServerEndpoint();

  /**
   * The PersistentVolume of a CSI driver with this volume handle, if one exists now: the node drain
   * asks before deleting a UDisk, so a volume whose reclaim policy is Retain keeps its disk. Keyed
   * by handle because a drained Cube may have outlived its pod and claim, but not the volume.
   */
  Optional<PersistentVolumeFacts> persistentVolume(String csiDriver, String volumeHandle);

  /**
   * Calls the listener with the namespace whenever a Secret, ConfigMap, claim or volume in it
   * changes, so pods waiting for an input are tried again at once. Must not block.
   */
  void onInputChange(Consumer<String> namespaceListener);
}
