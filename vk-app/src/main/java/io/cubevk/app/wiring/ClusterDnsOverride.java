package io.cubevk.app.wiring;

import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.InputReferences;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.ports.out.cluster.InputsLookup;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster DNS named in the node set's configuration wins over what the cluster adapter finds: a
 * UK8S cluster's DNS service is not always called {@code kube-dns}.
 */
final class ClusterDnsOverride implements InputsLookup {

  private final InputsLookup delegate;
  private final Optional<ClusterDns> configured;

  ClusterDnsOverride(InputsLookup delegate, Optional<ClusterDns> configured) {
    this.delegate = delegate;
    this.configured = configured;
  }

  @Override
  public TranslationInputs lookUp(
      String namespace, InputReferences references, boolean serviceLinks) {
    return delegate.lookUp(namespace, references, serviceLinks);
  }

  @Override
  public Optional<ClusterDns> clusterDns() {
    return configured.or(delegate::clusterDns);
  }

  @Override
  public Optional<ApiServerEndpoint> apiServerEndpoint() {
    return delegate.apiServerEndpoint();
  }

  @Override
  public Optional<PersistentVolumeFacts> persistentVolume(String csiDriver, String volumeHandle) {
    return delegate.persistentVolume(csiDriver, volumeHandle);
  }

  @Override
  public void onInputChange(Consumer<String> namespaceListener) {
    delegate.onInputChange(namespaceListener);
  }
}
