package io.cubevk.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.cubevk.adapter.k8s.kubelet.ClusterPodSource;
import io.cubevk.adapter.k8s.kubelet.auth.SubjectAccessReviewAuthorizer;
import io.cubevk.adapter.k8s.kubelet.auth.TokenReviewAuthenticator;
import io.cubevk.adapter.k8s.kubelet.tls.ClusterServingCertificateIssuer;
import io.cubevk.app.engine.pod.PodEngine;
import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The kubelet HTTPS API (logs, exec, attach, port-forward, stats, metrics): one server per served
 * node, opened by the node set before the node's Node is registered and closed when the node is no
 * longer served; each Node advertises its own server's port. Authentication and authorisation go to
 * the cluster (TokenReview, SubjectAccessReview) through the agent's client.
 */
public final class KubeletApiModule extends AbstractModule {

  /**
   * How the kubelet APIs listen and prove who they are.
   *
   * @param bindAddress where every node's server listens ({@code 0.0.0.0}, or 127.0.0.1 in tests)
   * @param port the first node's port, the next node the next free one; 0: each node a free port
   *     the system picks (the sandbox, tests)
   * @param certificate fixed serving certificate and key files (PEM), or empty: each node requests
   *     its certificate from the cluster (signer {@code kubernetes.io/kubelet-serving}) and renews
   *     it
   * @param clientCaPem the CA bundle client certificates are checked against (the API server's
   *     kubelet client certificate), or empty: bearer tokens only
   * @param csrPollInterval how often a pending certificate request is looked at
   * @param awaitCertificate whether a node waits for its first certificate before its Node is
   *     registered (the sandbox: its API server signs at once; a real cluster may need an approver,
   *     so {@code run} does not wait and the API refuses connections until the certificate comes)
   */
  public record Settings(
      String bindAddress,
      int port,
      Optional<CertificateFiles> certificate,
      Optional<String> clientCaPem,
      Duration csrPollInterval,
      boolean awaitCertificate) {

    public Settings {
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "kubelet port: " + port + " is not a port; accepted: 0 (any free port) to 65535");
      }
    }

    /** The sandbox's and the tests': 127.0.0.1, free ports, certificates from the API server. */
    public static Settings local(String clientCaPem) {
      return new Settings(
          "127.0.0.1", 0, Optional.empty(), Optional.of(clientCaPem), Duration.ofMillis(50), true);
    }
  }

  /** kubelet's {@code --tls-cert-file} and {@code --tls-private-key-file}. */
  public record CertificateFiles(Path certificateChain, Path privateKey) {}

  /** How long a CertificateSigningRequest may wait for approval before it is asked again. */
  static final Duration CSR_TIMEOUT = Duration.ofMinutes(15);

  private final ApiClient client;
  private final Settings settings;

  public KubeletApiModule(ApiClient client, Settings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), KubeletEndpoints.class)
        .setBinding()
        .to(KubeletApiServers.class);
    Tiers.infrastructure(binder()).addBinding().to(KubeletApiServers.class);
  }

  @Provides
  @Singleton
  KubeletApiServers servers(PodEngine engine, AgentSettings agent) {
    return new KubeletApiServers(
        settings,
        agent.node().kubeletAddress(),
        new KubeletApiServers.Cluster(
            new TokenReviewAuthenticator(client, Duration.ofMinutes(2)),
            new SubjectAccessReviewAuthorizer(
                client, Duration.ofMinutes(5), Duration.ofSeconds(30)),
            new ClusterPodSource(client),
            new ClusterServingCertificateIssuer(
                client, settings.csrPollInterval(), CSR_TIMEOUT, Optional.empty())),
        engine.streams(),
        engine.stats());
  }
}
