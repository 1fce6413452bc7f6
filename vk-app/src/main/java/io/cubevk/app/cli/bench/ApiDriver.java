package io.cubevk.app.cli.bench;

import io.cubevk.domain.node.VirtualNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The bench's own client of the API server: the user's creates and deletes, and the baseline's
 * plain writes. OkHttp (the client under client-java, as the agent's) with pre-rendered JSON, so
 * the driver itself costs as little as possible.
 */
final class ApiDriver {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType MERGE_PATCH = MediaType.get("application/merge-patch+json");

  private final OkHttpClient http;
  private final String base;

  ApiDriver(String baseUrl, int threads) {
    this.base = baseUrl;
    this.http =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(threads, 1, TimeUnit.MINUTES))
            .readTimeout(60, TimeUnit.SECONDS)
            .build();
  }

  /** A pod of one nginx container, bound to {@code node} (as a manifest with spec.nodeName). */
  void createPod(String namespace, String name, String node) {
    String body =
        """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"%s","namespace":"%s","labels":{"app":"bench"}},
         "spec":{"nodeName":"%s",
          "tolerations":[{"key":"%s","operator":"Equal","value":"%s","effect":"%s"}],
          "containers":[{"name":"nginx","image":"nginx:1.27",
            "resources":{"requests":{"cpu":"100m","memory":"128Mi"}}}]}}
        """
            .formatted(
                name,
                namespace,
                node,
                VirtualNode.PROVIDER_TAINT.key(),
                VirtualNode.PROVIDER_TAINT.value(),
                VirtualNode.PROVIDER_TAINT.effect());
    send(
        new Request.Builder()
            .url(base + "/api/v1/namespaces/" + namespace + "/pods")
            .post(RequestBody.create(body, JSON))
            .build(),
        "create pod " + namespace + "/" + name);
  }

  /** A merge patch of the pod's status, as a kubelet writes it. */
  void patchStatus(String namespace, String name, String statusJson) {
    send(
        new Request.Builder()
            .url(base + "/api/v1/namespaces/" + namespace + "/pods/" + name + "/status")
            .patch(RequestBody.create("{\"status\":" + statusJson + "}", MERGE_PATCH))
            .build(),
        "patch the status of pod " + namespace + "/" + name);
  }

  /**
   * Deletes a pod: graceful ({@code kubectl delete pod}, the kubelet finishes it) or, with {@code
   * graceSeconds} 0, at once (what a kubelet's final delete does).
   */
  void deletePod(String namespace, String name, Integer graceSeconds) {
    String url = base + "/api/v1/namespaces/" + namespace + "/pods/" + name;
    if (graceSeconds != null) {
      url += "?gracePeriodSeconds=" + graceSeconds;
    }
    send(new Request.Builder().url(url).delete().build(), "delete pod " + namespace + "/" + name);
  }

  private void send(Request request, String what) {
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        String body = response.body() == null ? "" : response.body().string();
        throw new IllegalStateException(
            what + ": the API server answered " + response.code() + " " + abbreviate(body));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /**
   * Runs {@code action} on every item with {@code threads} threads; the first failure is thrown.
   */
  static <T> void inParallel(int threads, List<T> items, Consumer<T> action) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures =
          items.stream().<Future<?>>map(i -> pool.submit(() -> action.accept(i))).toList();
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
