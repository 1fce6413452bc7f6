package io.cubevk.app.wiring;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.inject.Provider;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The metrics and health endpoints on the JDK's HTTP server, with Prometheus' own handler. */
final class MetricsHttpServer extends AbstractIdleService {

  private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);

  private final InetSocketAddress address;
  private final PrometheusRegistry registry;
  private final Provider<Agent> agent;
  private HttpServer server;
  private ExecutorService executor;

  MetricsHttpServer(InetSocketAddress address, PrometheusRegistry registry, Provider<Agent> agent) {
    this.address = address;
    this.registry = registry;
    this.agent = agent;
  }

  @Override
  protected void startUp() throws IOException {
    executor =
        Executors.newFixedThreadPool(
            2,
            new ThreadFactoryBuilder().setNameFormat("cube-vk-metrics-%d").setDaemon(true).build());
    server = HttpServer.create(address, 16);
    server.setExecutor(executor);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", exchange -> health(exchange, false));
    server.createContext("/readyz", exchange -> health(exchange, true));
    server.start();
    log.info(
        "metrics on http://{}:{}/metrics, health on /healthz and /readyz",
        address.getHostString(),
        port());
  }

  @Override
  protected void shutDown() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  protected String serviceName() {
    return "metrics and health endpoints";
  }

  /** The port it listens on (the one asked for, or the one the system picked for 0). */
  int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange exchange, boolean readiness) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(readiness ? "/readyz" : "/healthz")) {
        answer(exchange, 404, "404 page not found\n");
        return;
      }
      Agent current = agent.get();
      List<String> problems =
          readiness
              ? current.notReadyReasons()
              : current.state() == com.google.common.util.concurrent.Service.State.FAILED
                  ? List.of("cube-vk failed: " + current.failureCause().getMessage())
                  : List.of();
      if (problems.isEmpty()) {
        answer(exchange, 200, "ok\n");
      } else {
        answer(exchange, 503, String.join("\n", problems) + "\n");
      }
    }
  }

  private static void answer(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
