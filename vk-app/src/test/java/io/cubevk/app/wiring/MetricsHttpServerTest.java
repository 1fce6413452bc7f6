package io.cubevk.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsHttpServerTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpClient http = HttpClient.newHttpClient();
  private Agent agent;

  private final Service worker =
      new AbstractIdleService() {
        @Override
        protected void startUp() {}

        @Override
        protected void shutDown() {}

        @Override
        protected String serviceName() {
          return "pod workers";
        }
      };

  @AfterEach
  void stop() {
    if (agent != null && agent.isRunning()) {
      agent.stopAsync().awaitTerminated();
    }
  }

  private int start() {
    agent =
        Agent.create(
            new MetricsServerModule(new InetSocketAddress("127.0.0.1", 0)),
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(PrometheusRegistry.class).toInstance(registry);
                Tiers.engine(binder()).addBinding().toInstance(worker);
              }
            });
    agent.startAsync().awaitRunning();
    return agent.services().stream()
        .filter(MetricsHttpServer.class::isInstance)
        .map(MetricsHttpServer.class::cast)
        .findFirst()
        .orElseThrow()
        .port();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheRegistryAsPrometheusText() throws Exception {
    Counter.builder().name("cubevk_test_things").help("things").register(registry).inc(3);
    int port = start();

    HttpResponse<String> metrics = get(port, "/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("cubevk_test_things_total 3.0");
  }

  @Test
  void readyWhileEveryServiceRunsAndNotReadyNamingTheOneThatStopped() throws Exception {
    int port = start();
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(port, "/healthz").body()).isEqualTo("ok\n");

    worker.stopAsync().awaitTerminated();

    HttpResponse<String> ready = get(port, "/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("pod workers is terminated\n");
    assertThat(get(port, "/healthz").statusCode()).isEqualTo(200); // alive, not ready
    assertThat(get(port, "/readyz/extra").statusCode()).isEqualTo(404);
  }
}
