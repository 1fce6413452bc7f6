package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Port forwarding in its three wire forms: SPDY/3.1 (API servers, kubectl before 1.31), SPDY
 * tunnelled in a WebSocket (kubectl 1.31+), and the older WebSocket channels protocol
 * (client-java). The fake pod answers every port with what it received, upper-cased.
 */
class PortForwardTest extends KubeletServerTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** One forwarded connection the way client-go opens it: error stream, then data stream. */
  private static int[] forward(SpdyTestSession session, int port, String requestId) {
    int error =
        session.open(
            Map.of("streamtype", "error", "port", Integer.toString(port), "requestid", requestId));
    int data =
        session.open(
            Map.of("streamtype", "data", "port", Integer.toString(port), "requestid", requestId));
    return new int[] {error, data};
  }

  private void exchangesDataAndEndsCleanly(SpdyTestSession session) {
    int[] first = forward(session, 8080, "0");
    int[] second = forward(session, 9090, "1");
    await().atMost(WAIT).until(() -> session.stream(second[1]).replied);

    session.send(first[1], "hello");
    session.send(second[1], "other");
    await().atMost(WAIT).until(() -> session.stream(first[1]).text().equals("HELLO"));
    await().atMost(WAIT).until(() -> session.stream(second[1]).text().equals("OTHER"));
    assertThat(kubelet.streams.portForwards).containsExactlyInAnyOrder(8080, 9090);

    // The local connection closed: client-go half-closes the data stream.
    session.finish(first[1]);
    await().atMost(WAIT).until(() -> session.stream(first[1]).finished);
    await().atMost(WAIT).until(() -> session.stream(first[0]).finished);
    assertThat(session.stream(first[0]).text()).isEmpty();
    assertThat(session.stream(second[1]).finished).isFalse(); // the other connection goes on
  }

  @Test
  void spdyForwardsEachConnectionOnItsStreamPair() throws Exception {
    try (SpdyUpgrade spdy =
        SpdyUpgrade.connect(
            kubelet.trustingContext(),
            kubelet.server.port(),
            "/portForward/default/web",
            ADMIN_TOKEN,
            "portforward.k8s.io")) {
      assertThat(spdy.status).isEqualTo(101);
      assertThat(spdy.headers.get("x-stream-protocol-version")).isEqualTo("portforward.k8s.io");

      exchangesDataAndEndsCleanly(spdy.session);
    }
  }

  @Test
  void spdyTunnelledInAWebSocketWorksAsPlainSpdy() throws Exception {
    // The JDK's WebSocket client rejects "/" in a subprotocol; OkHttp (client-java's) sends it.
    SpdyTestSession[] holder = new SpdyTestSession[1];
    java.util.concurrent.CompletableFuture<okhttp3.Response> opened =
        new java.util.concurrent.CompletableFuture<>();
    okhttp3.WebSocket socket =
        OkHttpClients.trusting(kubelet.trustingContext())
            .newWebSocket(
                new okhttp3.Request.Builder()
                    .url("https://127.0.0.1:" + kubelet.server.port() + "/portForward/default/web")
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Sec-WebSocket-Protocol", "SPDY/3.1+portforward.k8s.io")
                    .build(),
                new okhttp3.WebSocketListener() {
                  @Override
                  public void onOpen(okhttp3.WebSocket ws, okhttp3.Response response) {
                    opened.complete(response);
                  }

                  @Override
                  public void onMessage(okhttp3.WebSocket ws, okio.ByteString bytes) {
                    holder[0].feed(bytes.toByteArray());
                  }

                  @Override
                  public void onFailure(
                      okhttp3.WebSocket ws, Throwable t, okhttp3.Response response) {
                    opened.completeExceptionally(t);
                  }
                });
    holder[0] = new SpdyTestSession(bytes -> socket.send(okio.ByteString.of(bytes)));
    try {
      assertThat(opened.get(60, TimeUnit.SECONDS).header("Sec-WebSocket-Protocol"))
          .isEqualTo("SPDY/3.1+portforward.k8s.io");

      exchangesDataAndEndsCleanly(holder[0]);
    } finally {
      socket.cancel();
    }
  }

  @Test
  void aFailingPortIsReportedOnItsErrorStream() throws Exception {
    try (SpdyUpgrade spdy =
        SpdyUpgrade.connect(
            kubelet.trustingContext(),
            kubelet.server.port(),
            "/portForward/default/web",
            ADMIN_TOKEN,
            "portforward.k8s.io")) {
      int[] pair = forward(spdy.session, 1, "7");

      await().atMost(WAIT).until(() -> spdy.session.stream(pair[0]).finished);
      assertThat(spdy.session.stream(pair[0]).text())
          .isEqualTo("error forwarding port 1 to pod default/web: nothing listens on 1");
      assertThat(spdy.session.stream(pair[1]).finished).isTrue();
    }
  }

  @Test
  void streamsWithoutAValidPortAreReset() throws Exception {
    try (SpdyUpgrade spdy =
        SpdyUpgrade.connect(
            kubelet.trustingContext(),
            kubelet.server.port(),
            "/portForward/default/web",
            ADMIN_TOKEN,
            "portforward.k8s.io")) {
      int bad = spdy.session.open(Map.of("streamtype", "data", "port", "0", "requestid", "1"));

      await().atMost(WAIT).until(() -> spdy.session.stream(bad).reset);
      assertThat(kubelet.streams.portForwards).isEmpty();
    }
  }

  @Test
  void oldWebSocketProtocolPrefixesEachChannelWithItsPort() throws Exception {
    try (WsTestClient client =
        WsTestClient.connect(
            kubelet.httpClient(),
            kubelet.wsUri("/portForward/default/web?ports=8080&ports=9090"),
            ADMIN_TOKEN,
            "v4.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> client.messages.size() >= 4);
      // 8080 = 0x1f90 and 9090 = 0x2382, little-endian, on data and error channels
      assertThat(client.channelMessages(0).get(0)).containsExactly(0x90, 0x1f);
      assertThat(client.channelMessages(1).get(0)).containsExactly(0x90, 0x1f);
      assertThat(client.channelMessages(2).get(0)).containsExactly(0x82, 0x23);
      assertThat(client.channelMessages(3).get(0)).containsExactly(0x82, 0x23);

      client.send(0, "to eighty");
      client.send(2, "to ninety");

      await().atMost(WAIT).until(() -> client.channel(0).endsWith("TO EIGHTY"));
      await().atMost(WAIT).until(() -> client.channel(2).endsWith("TO NINETY"));
      assertThat(kubelet.streams.portForwards).containsExactlyInAnyOrder(8080, 9090);
    }
    await().atMost(WAIT).until(() -> kubelet.streams.openSessions.get() == 0);
  }

  @Test
  void oldWebSocketProtocolNeedsPorts() throws Exception {
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                WsTestClient.connect(
                    kubelet.httpClient(),
                    kubelet.wsUri("/portForward/default/web"),
                    ADMIN_TOKEN,
                    "v4.channel.k8s.io"));

    assertThat(WsTestClient.refusedStatus(failure)).isEqualTo(400);
  }
}
