package io.cubevk.adapter.k8s.kubelet;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny plain-HTTP stand-in for the API server, enough to check what the client-java adapters send
 * and how they read answers: each {@code METHOD path} has a scripted JSON answer, every request is
 * recorded.
 */
public final class StubApiServer implements AutoCloseable {

  /** A recorded request. */
  public record Request(String method, String path, String body) {}

  /** A scripted answer. */
  public record Answer(int status, String json) {}

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
  private final HttpServer server;

  public StubApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Request request =
              new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
          requests.add(request);
          Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
          Answer answer =
              route == null
                  ? new Answer(404, "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":404}")
                  : route.apply(request);
          byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /**
   * A review answered as the API server answers one: the request object echoed with a status
   * (client-java refuses a review without its {@code spec}).
   */
  public static Answer review(Request request, String statusJson) {
    com.google.gson.JsonObject object =
        com.google.gson.JsonParser.parseString(request.body()).getAsJsonObject();
    object.add("status", com.google.gson.JsonParser.parseString(statusJson));
    return new Answer(201, object.toString());
  }

  public StubApiServer on(String method, String path, Function<Request, Answer> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  public ApiClient client() {
    ApiClient client = new ApiClient();
    client.setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
    return client;
  }

  public List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
