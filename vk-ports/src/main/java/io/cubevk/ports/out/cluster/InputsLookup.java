package io.cubevk.ports.out.cluster;

import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.InputReferences;
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
   * @param serviceLinks whether to add the service-link environment of the namespace (nodes with
   *     cluster-IP support only; without it no Service is ever watched)
   */
  TranslationInputs lookUp(String namespace, InputReferences references, boolean serviceLinks);

  /** The cluster DNS service (cluster-IP support only), if the cluster has one. */
  Optional<ClusterDns> clusterDns();

  /**
   * Calls the listener with the namespace whenever a Secret, ConfigMap, claim or volume in it
   * changes, so pods waiting for an input are tried again at once. Must not block.
   */
  void onInputChange(Consumer<String> namespaceListener);
}
