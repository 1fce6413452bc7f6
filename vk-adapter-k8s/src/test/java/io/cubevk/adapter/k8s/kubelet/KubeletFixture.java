package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificateSource;
import io.cubevk.ports.in.NodeStats;
import io.cubevk.ports.in.NodeStatsUseCase;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A kubelet API server on 127.0.0.1 over real TLS, with the fake streams and auth, plus clients
 * that trust it: by token, by client certificate, or anonymous.
 */
final class KubeletFixture implements AutoCloseable {

  static final String NODE = "uk8s-test-vk-node1";

  // Key generation is slow on a busy machine: one set of authorities per test JVM.
  static final TestPki.Authority SERVER_CA = TestPki.authority("kubelet-serving-ca");
  static final TestPki.Authority CLIENT_CA = TestPki.authority("cluster-client-ca");
  private static final io.cubevk.adapter.k8s.kubelet.tls.ServingCertificate SERVING =
      SERVER_CA.server("127.0.0.1", "localhost");

  final TestPki.Authority serverCa = SERVER_CA;
  final TestPki.Authority clientCa = CLIENT_CA;
  final FakeContainerStreams streams = new FakeContainerStreams();
  final FakeAuth auth = new FakeAuth();
  final List<NodeStats> stats = new CopyOnWriteArrayList<>();
  volatile RuntimeException statsFailure;
  final KubeletApiServer server;
  private final ExecutorService clientExecutor = Executors.newFixedThreadPool(2);

  KubeletFixture() {
    this(b -> b);
  }

  KubeletFixture(UnaryOperator<KubeletApiServer.Builder> customize) {
    NodeStatsUseCase statsUseCase =
        () -> {
          if (statsFailure != null) {
            throw statsFailure;
          }
          return List.copyOf(stats);
        };
    server =
        customize
            .apply(
                KubeletApiServer.builder()
                    .nodeName(NODE)
                    .bindAddress("127.0.0.1")
                    .port(0)
                    .tls(ServingCertificateSource.of(SERVING))
                    // Handshakes are slow while other builds share the two cores.
                    .handshakeTimeout(Duration.ofSeconds(60))
                    .clientCa(clientCa.pem())
                    .tokenAuthenticator(auth)
                    .authorizer(auth)
                    .streams(streams)
                    .stats(statsUseCase)
                    .pods(
                        node ->
                            List.of(
                                new V1Pod()
                                    .metadata(new V1ObjectMeta().namespace("default").name("web"))
                                    .spec(new V1PodSpec().nodeName(node)))))
            .build()
            .start();
  }

  /** Fresh fakes for the next test; the server keeps running. */
  void reset() {
    streams.reset();
    auth.reset();
    stats.clear();
    statsFailure = null;
  }

  URI uri(String pathAndQuery) {
    return URI.create("https://127.0.0.1:" + server.port() + pathAndQuery);
  }

  URI wsUri(String pathAndQuery) {
    return URI.create("wss://127.0.0.1:" + server.port() + pathAndQuery);
  }

  SSLContext trustingContext() {
    return TestPki.clientContext(serverCa, null);
  }

  SSLContext clientCertificateContext(TestPki.Client client) {
    return TestPki.clientContext(serverCa, client);
  }

  HttpClient httpClient() {
    return httpClient(trustingContext());
  }

  HttpClient httpClient(SSLContext context) {
    return HttpClient.newBuilder()
        .sslContext(context)
        .version(HttpClient.Version.HTTP_1_1)
        .executor(clientExecutor)
        .connectTimeout(Duration.ofSeconds(60))
        .build();
  }

  HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
    clientExecutor.shutdownNow();
  }
}
