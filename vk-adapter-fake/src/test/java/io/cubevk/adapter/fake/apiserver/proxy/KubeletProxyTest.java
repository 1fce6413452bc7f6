package io.cubevk.adapter.fake.apiserver.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server's kubelet proxy against a stub kubelet over real TLS: what reaches the kubelet
 * (path, query, identity, headers), and what each protocol the clients speak becomes.
 */
class KubeletProxyTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String USER_TOKEN = "user-token-never-forwarded";

  private KubeApiServer server;
  private StubKubelet kubelet;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = KubeApiServer.builder().https(false).start();
    server.addToken(USER_TOKEN, "jane", List.of("system:masters"));
    CertificateAuthority ca = server.certificateAuthority();
    kubelet =
        new StubKubelet(
            ca.issueServing("stub-kubelet", List.of(), List.of("127.0.0.1")), ca.certificate());
    node("n1", kubelet.port());
    pod("web", "n1", "app", "broken");
    pod("solo", "n1", "main");
  }

  @AfterEach
  void stop() {
    kubelet.close();
    server.close();
  }

  // ------------------------------------------------------------------ logs and node proxy

  @Test
  void logsReachTheNodesKubeletAsTheApiServerWithoutTheUsersToken() throws Exception {
    HttpResponse<String> r =
        get("/api/v1/namespaces/default/pods/web/log?container=app&tailLines=5&timestamps=true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo("log of /containerLogs/default/web/app?timestamps=true&tailLines=5\n");
    StubKubelet.Seen seen = kubelet.last();
    assertThat(seen.clientUser()).contains("CN=kube-apiserver-kubelet-client");
    assertThat(seen.headers()).doesNotContainKey("authorization");
    await() // the log records a request once it is answered
        .atMost(WAIT)
        .until(() -> server.requestLog().count(RequestLog.verbOn("get", "pods/log")) == 1);
  }

  @Test
  void aSingleContainerPodNeedsNoContainerNameButATwoContainerPodDoes() throws Exception {
    assertThat(get("/api/v1/namespaces/default/pods/solo/log").body())
        .isEqualTo("log of /containerLogs/default/solo/main\n");

    HttpResponse<String> ambiguous = get("/api/v1/namespaces/default/pods/web/log");
    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(json(ambiguous).path("message").asText())
        .isEqualTo("a container name must be specified for pod web, choose one of: [app broken]");
    HttpResponse<String> unknown = get("/api/v1/namespaces/default/pods/web/log?container=nope");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).path("message").asText())
        .isEqualTo("container nope is not valid for pod web");
  }

  @Test
  void aFollowedLogStreamsAndEndsAtTheKubeletWhenTheClientLeaves() throws Exception {
    HttpResponse<InputStream> r =
        http.send(
            request("/api/v1/namespaces/default/pods/solo/log?follow=true").build(),
            HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = r.body();
    byte[] first = new byte["first line\n".length()];
    int read = 0;
    while (read < first.length) {
      read += body.read(first, read, first.length - read);
    }
    assertThat(new String(first, UTF_8)).isEqualTo("first line\n");
    assertThat(kubelet.openFollows.get()).isEqualTo(1);

    body.close();

    await().atMost(WAIT).until(() -> kubelet.openFollows.get() == 0);
  }

  @Test
  void nodeProxyPassesThePathAndQueryOn() throws Exception {
    HttpResponse<String> r = get("/api/v1/nodes/n1/proxy/stats/summary?only_cpu_and_memory=true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(kubelet.last().uri()).isEqualTo("/stats/summary?only_cpu_and_memory=true");
  }

  // ------------------------------------------------------------------ no kubelet to reach

  @Test
  void withoutAKubeletToReachTheAnswerIs501WithAStatusSayingWhy() throws Exception {
    pod("unbound", "", "c");
    node("quiet", 0);
    pod("onquiet", "quiet", "c");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    node("down", closedPort);
    pod("ondown", "down", "c");

    for (String[] c :
        new String[][] {
          {"unbound", "not bound to a node"},
          {"onquiet", "node \"quiet\" advertises no kubelet endpoint"},
          {"ondown", "error dialing backend"}
        }) {
      HttpResponse<String> r = get("/api/v1/namespaces/default/pods/" + c[0] + "/log");
      assertThat(r.statusCode()).as(c[0]).isEqualTo(501);
      assertThat(json(r).path("kind").asText()).isEqualTo("Status");
      assertThat(json(r).path("message").asText()).as(c[0]).contains("pods/log", c[1]);
    }
  }

  @Test
  void aKubeletWhoseCertificateTheServerDoesNotTrustIsNotTalkedTo() throws Exception {
    CertificateAuthority other = CertificateAuthority.create("someone-else");
    try (StubKubelet impostor =
        new StubKubelet(
            other.issueServing("impostor", List.of(), List.of("127.0.0.1")),
            server.certificateAuthority().certificate())) {
      node("n2", impostor.port());
      pod("elsewhere", "n2", "c");

      HttpResponse<String> r = get("/api/v1/namespaces/default/pods/elsewhere/log");

      assertThat(r.statusCode()).isEqualTo(501);
      assertThat(json(r).path("message").asText()).contains("error dialing backend");
      assertThat(impostor.requests).isEmpty();
    }
  }

  // ------------------------------------------------------------------ exec and attach

  @Test
  void webSocketV5ExecIsTranslatedToSpdyTowardsTheKubelet() throws Exception {
    try (WsClient ws =
        new WsClient(
            ws(
                "/api/v1/namespaces/default/pods/web/exec?container=app&command=cat&command=-n"
                    + "&stdin=true&stdout=true&stderr=true"),
            "v5.channel.k8s.io")) {
      assertThat(ws.awaitOpen().header("Sec-WebSocket-Protocol")).isEqualTo("v5.channel.k8s.io");
      await().atMost(WAIT).until(() -> ws.channel(1).equals("ready\n"));
      assertThat(ws.messages.get(0)).containsExactly(1); // the session is up

      ws.send(0, "ping");
      await().atMost(WAIT).until(() -> ws.channel(1).equals("ready\nping"));
      ws.send(new byte[] {(byte) 255, 0}); // v5: stdin closed

      assertThat(ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1000);
      assertThat(ws.channel(3)).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    }
    StubKubelet.Seen seen = kubelet.last();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.path()).isEqualTo("/exec/default/web/app");
    assertThat(seen.headers()).containsEntry("upgrade", "SPDY/3.1");
    assertThat(seen.query())
        .containsEntry("command", List.of("cat", "-n"))
        .containsEntry("input", List.of("1"))
        .containsEntry("output", List.of("1"))
        .containsEntry("error", List.of("1"))
        .doesNotContainKey("stdin");
    assertThat(kubelet.spdyStreams).containsExactly("error", "stdin", "stdout", "stderr");
    await()
        .atMost(WAIT)
        .until(
            () ->
                server.requestLog().count(r -> r.subresource().equals("exec") && r.code() == 101)
                    == 1);
  }

  @Test
  void theKubeletsExitStatusReachesTheWebSocketClient() throws Exception {
    try (WsClient ws =
        new WsClient(
            ws("/api/v1/namespaces/default/pods/web/exec?container=app&command=fail&stdout=true"),
            "v5.channel.k8s.io")) {
      ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      JsonNode status = Json.parse(ws.channel(3).getBytes(UTF_8));
      assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
      assertThat(status.at("/details/causes/0/message").asText()).isEqualTo("3");
    }
  }

  @Test
  void aTtySessionCarriesResizesToTheKubeletsResizeStream() throws Exception {
    try (WsClient ws =
        new WsClient(
            ws(
                "/api/v1/namespaces/default/pods/web/attach?container=app&stdin=true&stdout=true"
                    + "&tty=true"),
            "v5.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> ws.channel(1).equals("ready\n"));

      ws.send(4, "{\"Width\":100,\"Height\":30}");

      await()
          .atMost(WAIT)
          .until(() -> ws.channel(1).equals("ready\nresize {\"Width\":100,\"Height\":30}"));
      assertThat(kubelet.spdyStreams).containsExactly("error", "stdin", "stdout", "resize");
      assertThat(kubelet.last().path()).isEqualTo("/attach/default/web/app");
    }
  }

  @Test
  void aKubeletRefusingTheUpgradeIsAnInternalErrorOnTheErrorChannel() throws Exception {
    try (WsClient ws =
        new WsClient(
            ws("/api/v1/namespaces/default/pods/web/exec?container=broken&command=sh&stdout=true"),
            "v5.channel.k8s.io")) {
      ws.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      JsonNode status = Json.parse(ws.channel(3).getBytes(UTF_8));
      assertThat(status.path("reason").asText()).isEqualTo("InternalError");
      assertThat(status.path("message").asText())
          .isEqualTo(
              "Internal error occurred: unable to upgrade connection:"
                  + " container broken is not running");
    }
  }

  @Test
  void plainSpdyExecIsPassedThroughAsSpdy() throws Exception {
    Wire wire = new Wire();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/namespaces/default/pods/solo/exec?command=cat&stdin=true&stdout=true"
                  + "&stderr=false HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + USER_TOKEN
                  + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                  + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                  + "X-Stream-Protocol-Version: channel.k8s.io\r\nContent-Length: 0\r\n\r\n")
              .getBytes(UTF_8));
      String head = readHead(socket.getInputStream());
      assertThat(head)
          .startsWith("HTTP/1.1 101")
          .contains("X-Stream-Protocol-Version: v4.channel.k8s.io");

      out.write(wire.synStream(1, Map.of("streamtype", "error")));
      out.write(wire.synStream(3, Map.of("streamtype", "stdin")));
      out.write(wire.synStream(5, Map.of("streamtype", "stdout")));
      String stdout = readStream(socket.getInputStream(), wire, 5, "ready\n");
      assertThat(stdout).isEqualTo("ready\n");
      out.write(wire.data(3, "over spdy", true));
      assertThat(readStream(socket.getInputStream(), wire, 5, "over spdy")).isEqualTo("over spdy");
    }
    StubKubelet.Seen seen = kubelet.last();
    assertThat(seen.path()).isEqualTo("/exec/default/solo/main");
    assertThat(seen.headers()).doesNotContainKey("authorization");
    assertThat(seen.query()).containsEntry("input", List.of("1")).doesNotContainKey("error");
    assertThat(kubelet.spdyStreams).containsExactly("error", "stdin", "stdout");
  }

  @Test
  void olderWebSocketProtocolsArePassedThroughToTheKubeletsWebSocket() throws Exception {
    try (WsClient ws =
        new WsClient(
            ws("/api/v1/namespaces/default/pods/solo/exec?command=cat&stdin=true&stdout=true"),
            "v4.channel.k8s.io")) {
      assertThat(ws.awaitOpen().header("Sec-WebSocket-Protocol")).isEqualTo("v4.channel.k8s.io");

      ws.send(0, "echo me");

      await().atMost(WAIT).until(() -> ws.channel(0).equals("echo me"));
    }
    assertThat(kubelet.last().method()).isEqualTo("GET");
    assertThat(kubelet.last().headers()).containsEntry("upgrade", "websocket");
  }

  // ------------------------------------------------------------------ port-forward

  @Test
  void portForwardsWebSocketTunnelCarriesTheSpdyBytesBothWays() throws Exception {
    Wire wire = new Wire();
    try (WsClient ws =
        new WsClient(
            ws("/api/v1/namespaces/default/pods/solo/portforward"),
            "SPDY/3.1+portforward.k8s.io")) {
      assertThat(ws.awaitOpen().header("Sec-WebSocket-Protocol"))
          .isEqualTo("SPDY/3.1+portforward.k8s.io");

      ws.send(wire.synStream(1, Map.of("streamtype", "data", "port", "8080", "requestid", "0")));
      ws.send(wire.data(1, "GET / HTTP/1.1\r\n\r\n", false));

      StringBuilder echoed = new StringBuilder();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (byte[] m : ws.messages) {
                  for (Object frame : wire.decode(m)) {
                    if (frame instanceof SpdyDataFrame data && data.streamId() == 1) {
                      echoed.append(data.content().toString(UTF_8));
                    }
                    ReferenceCountUtil.release(frame);
                  }
                }
                ws.messages.clear();
                return echoed.toString().equals("GET / HTTP/1.1\r\n\r\n");
              });
    }
    assertThat(kubelet.last().method()).isEqualTo("POST");
    assertThat(kubelet.last().headers())
        .containsEntry("x-stream-protocol-version", "portforward.k8s.io");
    assertThat(kubelet.spdyStreams).containsExactly("data:8080");
  }

  @Test
  void portsAskedForInTheQueryReachTheKubeletAsItsPortParameter() throws Exception {
    try (WsClient ws =
        new WsClient(
            ws("/api/v1/namespaces/default/pods/solo/portforward?ports=8080,9090"),
            "v4.channel.k8s.io")) {
      ws.awaitOpen();
    }
    assertThat(kubelet.last().query()).containsEntry("port", List.of("8080", "9090"));
  }

  // ------------------------------------------------------------------ helpers

  private void node(String name, int port) {
    server.create(
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
            + name
            + "\"},\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"},"
            + "{\"type\":\"Hostname\",\"address\":\""
            + name
            + "\"}],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":"
            + port
            + "}}}}");
  }

  private void pod(String name, String node, String... containers) {
    StringBuilder c = new StringBuilder();
    for (String container : containers) {
      c.append(c.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(container)
          .append("\",\"image\":\"nginx\"}");
    }
    server.create(
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"default\"},\"spec\":{"
            + (node.isEmpty() ? "" : "\"nodeName\":\"" + node + "\",")
            + "\"containers\":["
            + c
            + "]}}");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Authorization", "Bearer " + USER_TOKEN);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String ws(String path) {
    return server.url().replace("http://", "ws://") + path;
  }

  private static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body().getBytes(UTF_8));
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(UTF_8).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(UTF_8);
  }

  /** Reads SPDY frames until the stream's data so far equals {@code expected}. */
  private static String readStream(InputStream in, Wire wire, int streamId, String expected)
      throws Exception {
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[8192];
    while (!got.toString().equals(expected)) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      for (Object frame : wire.decode(java.util.Arrays.copyOf(buf, n))) {
        if (frame instanceof SpdyDataFrame data && data.streamId() == streamId) {
          got.append(data.content().toString(UTF_8));
        }
        ReferenceCountUtil.release(frame);
      }
    }
    return got.toString();
  }
}
