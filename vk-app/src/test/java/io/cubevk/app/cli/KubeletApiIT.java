package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.Exec;
import io.kubernetes.client.Metrics;
import io.kubernetes.client.PodLogs;
import io.kubernetes.client.PortForward;
import io.kubernetes.client.custom.PodMetrics;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kubelet API end to end, as client-java reaches it: its {@code PodLogs}, {@code Exec} and
 * {@code PortForward} against the sandbox's API server (HTTPS), which proxies to the agent's
 * kubelet API of the pod's node, which drives the fake cloud. Also what the kubelet port itself
 * refuses, and many followed logs held by a bounded number of threads.
 */
@ExtendWith(KubeletSandbox.class)
class KubeletApiIT {

  static final Duration AT_MOST = Duration.ofSeconds(30);

  static Sandbox sandbox;
  static CoreV1Api api;

  @BeforeAll
  static void start() {
    sandbox = KubeletSandbox.get().sandbox();
    api = new CoreV1Api(sandbox.client());
  }

  @Test
  void podLogsReadsTheLogAndFollowsNewLines() throws Exception {
    String before =
        api.readNamespacedPodLog(KubeletPods.TALKER, "default")
            .container(KubeletPods.CONTAINER)
            .execute();
    List<String> seen = before.lines().toList();
    assertThat(seen).startsWith("hello from cube", "second line");

    PodLogs logs = new PodLogs(sandbox.client());
    try (InputStream in =
            logs.streamNamespacedPodLog(
                "default", KubeletPods.TALKER, KubeletPods.CONTAINER, null, null, false);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line : seen) {
        assertThat(reader.readLine()).isEqualTo(line);
      }
      // The container writes a line a second: the followed stream brings one written after the
      // plain read above.
      String next = reader.readLine();
      assertThat(next).isNotNull().startsWith("tick-").isNotIn(seen);
    }
  }

  @Test
  void execOverWebSocketGivesStdoutAndTheExitCode() throws Exception {
    Process process =
        new Exec(sandbox.client())
            .exec(
                "default",
                KubeletPods.TALKER,
                new String[] {"sh", "-c", "echo hi from exec; exit 3"},
                KubeletPods.CONTAINER,
                false,
                false);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

    assertThat(out).isEqualTo("hi from exec\n");
    assertThat(process.exitValue()).isEqualTo(3);
  }

  @Test
  void portForwardCarriesAnHttpRequestToTheContainersPort() throws Exception {
    try (PortForward.PortForwardResult forward =
        new PortForward(sandbox.client())
            .forward("default", KubeletPods.TALKER, List.of(KubeletPods.PORT))) {
      OutputStream toPod = forward.getOutboundStream(KubeletPods.PORT);
      toPod.write(
          "GET /through-the-tunnel HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      toPod.flush();
      String answer =
          new String(
              forward.getInputStream(KubeletPods.PORT).readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer)
          .startsWith("HTTP/1.1 200")
          .contains(
              "(pod "
                  + KubeletPods.TALKER
                  + ") container "
                  + KubeletPods.CONTAINER
                  + " port "
                  + KubeletPods.PORT
                  + ": GET /through-the-tunnel");
    }
  }

  @Test
  void statsSummaryThroughTheNodeProxyDescribesTheNodeAndItsPod() throws Exception {
    String node = KubeletPods.nodeOf(sandbox.client(), KubeletPods.TALKER);
    // Usage comes from the cloud's samples (every 10 s in the fake): wait for the first.
    String summary =
        await()
            .atMost(AT_MOST)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> api.connectGetNodeProxyWithPath(node, "stats/summary").execute(),
                s -> s.contains("\"workingSetBytes\""));

    assertThat(summary)
        .contains("\"nodeName\":\"" + node + "\"")
        .contains("\"name\":\"" + KubeletPods.TALKER + "\"")
        .contains("\"usageNanoCores\"");
  }

  @Test
  void metricsApiReportsThePodsUsageScrapedFromTheKubelet() {
    Metrics metrics = new Metrics(sandbox.client());
    // As metrics-server after a start: a rate needs two scrapes, so wait for one.
    PodMetrics talker =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(
                () ->
                    metrics.getPodMetrics("default").getItems().stream()
                        .filter(m -> m.getMetadata().getName().equals(KubeletPods.TALKER))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();

    assertThat(talker.getContainers()).hasSize(1);
    assertThat(talker.getContainers().get(0).getName()).isEqualTo(KubeletPods.CONTAINER);
    assertThat(talker.getContainers().get(0).getUsage().get("memory").getNumber().longValue())
        .isPositive();
  }

  @Test
  void theKubeletPortRefusesCallersWithoutCredentialsOrRightsAndExecutesNothing() throws Exception {
    String token = "viewer-token";
    sandbox.apiServer().addToken(token, "viewer", List.of("viewers"));
    String node = KubeletPods.nodeOf(sandbox.client(), KubeletPods.TALKER);
    int port = KubeletPods.kubeletPort(sandbox.client(), node);
    URI exec =
        URI.create(
            "https://127.0.0.1:"
                + port
                + "/exec/default/"
                + KubeletPods.TALKER
                + "/"
                + KubeletPods.CONTAINER
                + "?command=echo&command=hi&output=1");
    long execsBefore = sandbox.cloud().callLog().count(CloudAction.CONTAINER_EXEC);
    ExecutorService executor = Executors.newFixedThreadPool(1);
    try {
      HttpClient http = KubeletClients.trusting(sandbox.apiServer().caCertificatePem(), executor);

      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(exec).POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> viewer =
          http.send(
              HttpRequest.newBuilder(exec)
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(viewer.statusCode()).isEqualTo(403);
      assertThat(viewer.body())
          .contains("user=viewer")
          .contains("verb=create")
          .contains("resource=nodes")
          .contains("subresource=proxy");
    } finally {
      executor.shutdownNow();
    }
    assertThat(sandbox.cloud().callLog().count(CloudAction.CONTAINER_EXEC)).isEqualTo(execsBefore);
  }

  @Test
  void twoHundredFollowedLogsAreHeldByABoundedNumberOfThreads() throws Exception {
    int streams = 200;
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    int cloudStreamsBefore = sandbox.cloud().openStreams();
    URI follow =
        URI.create(
            sandbox.apiServer().url()
                + "/api/v1/namespaces/default/pods/"
                + KubeletPods.TALKER
                + "/log?follow=true&container="
                + KubeletPods.CONTAINER);
    ExecutorService callbacks = Executors.newFixedThreadPool(2);
    List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
    List<Flow.Subscription> subscriptions = new ArrayList<>();
    AtomicInteger firstLines = new AtomicInteger();
    try {
      HttpClient http = KubeletClients.trusting(sandbox.apiServer().caCertificatePem(), callbacks);
      for (int i = 0; i < streams; i++) {
        if (i > 0 && i % 50 == 0) {
          // Opened in waves, each once the last is streaming: a burst of 200 TLS handshakes at
          // once (client to API server, API server to kubelet) only measures the CPU.
          int opened = i;
          await("followed logs " + (opened - 49) + " to " + opened + " stream")
              .atMost(Duration.ofSeconds(30))
              .until(() -> firstLines.get() == opened);
        }
        responses.add(
            http.sendAsync(
                HttpRequest.newBuilder(follow)
                    .header("Authorization", "Bearer " + sandbox.apiServer().adminToken())
                    .build(),
                HttpResponse.BodyHandlers.fromSubscriber(
                    new Flow.Subscriber<List<java.nio.ByteBuffer>>() {
                      private boolean counted;

                      @Override
                      public void onSubscribe(Flow.Subscription subscription) {
                        synchronized (subscriptions) {
                          subscriptions.add(subscription);
                        }
                        subscription.request(Long.MAX_VALUE);
                      }

                      @Override
                      public void onNext(List<java.nio.ByteBuffer> item) {
                        if (!counted) {
                          counted = true;
                          firstLines.incrementAndGet();
                        }
                      }

                      @Override
                      public void onError(Throwable throwable) {}

                      @Override
                      public void onComplete() {}
                    })));
      }
      await("every followed log has its first bytes")
          .atMost(Duration.ofSeconds(30))
          .until(() -> firstLines.get() == streams);
      await("the cloud streams every one of them")
          .atMost(AT_MOST)
          .until(() -> sandbox.cloud().openStreams() >= cloudStreamsBefore + streams);

      assertThat(responses).allMatch(r -> !r.isDone() || r.join().statusCode() == 200);
      // 200 open streams through the API server and the kubelet API: neither holds a thread per
      // stream (the kubelet API of the node has 2 event loops and at most 4 blocking threads).
      assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
          .isLessThan(threadsBefore + 40);
      assertThat(threadsNamed("kubelet-api-io")).isLessThanOrEqualTo(2);
      assertThat(threadsNamed("kubelet-api-blocking")).isLessThanOrEqualTo(4);
    } finally {
      synchronized (subscriptions) {
        subscriptions.forEach(Flow.Subscription::cancel);
      }
      responses.forEach(r -> r.cancel(true));
      callbacks.shutdownNow();
    }
    await("the cloud's streams end when the clients leave")
        .atMost(AT_MOST)
        .until(() -> sandbox.cloud().openStreams() <= cloudStreamsBefore);
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }

  /** The pods the kubelet tests talk to, and where their kubelet API is. */
  static final class KubeletPods {
    static final String TALKER = "talker";
    static final String CONTAINER = "app";
    static final int PORT = 8080;

    private KubeletPods() {}

    /** A pod whose container says two lines, then a line a second for a minute, and serves 8080. */
    static void createTalker(io.kubernetes.client.openapi.ApiClient client) throws ApiException {
      StringBuilder script = new StringBuilder("echo hello from cube; echo second line");
      for (int i = 1; i <= 120; i++) {
        script.append("; sleep 1; echo tick-").append(i);
      }
      script.append("; sleep infinity");
      new CoreV1Api(client)
          .createNamespacedPod(
              "default",
              new io.kubernetes.client.openapi.models.V1Pod()
                  .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name(TALKER))
                  .spec(
                      new io.kubernetes.client.openapi.models.V1PodSpec()
                          .nodeSelector(
                              java.util.Map.of(VirtualNode.TYPE_LABEL, VirtualNode.TYPE_VALUE))
                          .addTolerationsItem(
                              new io.kubernetes.client.openapi.models.V1Toleration()
                                  .key(VirtualNode.PROVIDER_TAINT.key())
                                  .operator("Exists"))
                          .addContainersItem(
                              new io.kubernetes.client.openapi.models.V1Container()
                                  .name(CONTAINER)
                                  .image("uhub.ucloud-global.com/ucloud/nginx:latest")
                                  .command(List.of("sh", "-c", script.toString()))
                                  .addPortsItem(
                                      new io.kubernetes.client.openapi.models.V1ContainerPort()
                                          .containerPort(PORT)))))
          .execute();
    }

    /**
     * The API server scrapes kubelets only once someone asks for metrics, and needs two scrapes for
     * a rate: ask now, so that the metrics tests find rates sooner.
     */
    static void startMetricsScraping(io.kubernetes.client.openapi.ApiClient client) {
      try {
        new Metrics(client).getPodMetrics("default");
      } catch (ApiException e) {
        throw new AssertionError("metrics.k8s.io is not served: HTTP " + e.getCode(), e);
      }
    }

    static void awaitRunning(io.kubernetes.client.openapi.ApiClient client, String name) {
      CoreV1Api core = new CoreV1Api(client);
      await("pod " + name + " Running")
          .atMost(AT_MOST)
          .ignoreExceptions()
          .until(
              () ->
                  "Running"
                      .equals(
                          core.readNamespacedPod(name, "default")
                              .execute()
                              .getStatus()
                              .getPhase()));
    }

    static String nodeOf(io.kubernetes.client.openapi.ApiClient client, String pod)
        throws ApiException {
      return new CoreV1Api(client)
          .readNamespacedPod(pod, "default")
          .execute()
          .getSpec()
          .getNodeName();
    }

    /** The port the Node advertises for its kubelet API. */
    static int kubeletPort(io.kubernetes.client.openapi.ApiClient client, String node)
        throws ApiException {
      V1Node n = new CoreV1Api(client).readNode(node).execute();
      return n.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    }
  }
}
