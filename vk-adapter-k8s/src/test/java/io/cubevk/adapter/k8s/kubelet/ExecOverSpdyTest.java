package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exec and attach as the API server (and kubectl's SPDY fallback) speak them to a kubelet. */
class ExecOverSpdyTest extends KubeletServerTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private SpdyUpgrade upgrade(String pathAndQuery, String versions) throws Exception {
    return SpdyUpgrade.connect(
        kubelet.trustingContext(), kubelet.server.port(), pathAndQuery, ADMIN_TOKEN, versions);
  }

  private static int stream(SpdyTestSession session, String type) {
    return session.open(Map.of("streamtype", type));
  }

  @Test
  void negotiatesV4AndRunsACommandWithStdoutAndAJsonStatus() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade(
            "/exec/default/web/app?command=echo&command=hi&stdout=1&stderr=1",
            "v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io,channel.k8s.io")) {
      assertThat(spdy.status).isEqualTo(101);
      assertThat(spdy.headers.get("upgrade")).isEqualTo("SPDY/3.1");
      assertThat(spdy.headers.get("x-stream-protocol-version")).isEqualTo("v4.channel.k8s.io");
      SpdyTestSession session = spdy.session;
      int error = stream(session, "error");
      int stdout = stream(session, "stdout");
      int stderr = stream(session, "stderr");

      await().atMost(WAIT).until(() -> session.stream(error).finished);
      assertThat(session.stream(stdout).replied).isTrue();
      // Go's framer drops the connection on a SYN_REPLY whose header block is empty.
      assertThat(session.stream(stdout).replyHeaders).isPositive();
      assertThat(session.stream(stdout).text()).isEqualTo("hi\n");
      assertThat(session.stream(stdout).finished).isTrue();
      assertThat(session.stream(stderr).finished).isTrue();
      assertThat(session.stream(error).text())
          .isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
      await().atMost(WAIT).until(() -> session.goAway);
    }
  }

  @Test
  void exitCodeIsCarriedByTheStatusOnTheErrorStream() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=exit&command=42&stdout=1", "v4.channel.k8s.io")) {
      SpdyTestSession session = spdy.session;
      int error = stream(session, "error");
      stream(session, "stdout");

      await().atMost(WAIT).until(() -> session.stream(error).finished);
      JsonObject status = JsonParser.parseString(session.stream(error).text()).getAsJsonObject();
      assertThat(status.get("reason").getAsString()).isEqualTo("NonZeroExitCode");
      assertThat(
              status
                  .getAsJsonObject("details")
                  .getAsJsonArray("causes")
                  .get(0)
                  .getAsJsonObject()
                  .get("message")
                  .getAsString())
          .isEqualTo("42");
    }
  }

  @Test
  void stdinFlowsUntilTheClientFinishesItsStdinStream() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade(
            "/exec/default/web/app?command=cat&stdin=1&stdout=1&stderr=1", "v4.channel.k8s.io")) {
      SpdyTestSession session = spdy.session;
      int error = stream(session, "error");
      int stdin = stream(session, "stdin");
      int stdout = stream(session, "stdout");
      stream(session, "stderr");
      await().atMost(WAIT).until(() -> session.stream(stdout).replied);

      session.send(stdin, "abc");
      session.send(stdin, "def");
      await().atMost(WAIT).until(() -> session.stream(stdout).text().equals("abcdef"));
      session.finish(stdin);

      await().atMost(WAIT).until(() -> session.stream(error).finished);
      assertThat(session.stream(error).text()).contains("\"Success\"");
    }
  }

  @Test
  void ttyResizeStreamCarriesTerminalSizes() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=cat&stdin=1&stdout=1&tty=1", "v4.channel.k8s.io")) {
      SpdyTestSession session = spdy.session;
      stream(session, "error");
      stream(session, "stdin");
      int stdout = stream(session, "stdout");
      int resize = stream(session, "resize");

      session.send(resize, "{\"Width\":100,\"Height\":30}{\"Width\":90,\"Height\":20}");

      await().atMost(WAIT).until(() -> kubelet.streams.resizes.size() == 2);
      assertThat(kubelet.streams.resizes).containsExactly("100x30", "90x20");
      await().atMost(WAIT).until(() -> session.stream(stdout).text().contains("resized to 90x20"));
    }
  }

  @Test
  void outputBeyondSpdyFlowControlWindowsArrivesWhole() throws Exception {
    // spdystream never sends WINDOW_UPDATE: a server waiting for one would stop at 64 KiB.
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=big&command=300000&stdout=1", "v4.channel.k8s.io")) {
      SpdyTestSession session = spdy.session;
      int error = stream(session, "error");
      int stdout = stream(session, "stdout");

      await().atMost(WAIT).until(() -> session.stream(error).finished);
      assertThat(session.stream(stdout).size()).isEqualTo(300000);
    }
  }

  @Test
  void olderProtocolsWriteOnlyTheFailureMessage() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=exit&command=5&stdout=1", "v2.channel.k8s.io")) {
      assertThat(spdy.headers.get("x-stream-protocol-version")).isEqualTo("v2.channel.k8s.io");
      SpdyTestSession session = spdy.session;
      int error = stream(session, "error");
      stream(session, "stdout");

      await().atMost(WAIT).until(() -> session.stream(error).finished);
      assertThat(session.stream(error).text())
          .isEqualTo(
              "command terminated with non-zero exit code: error executing command [exit 5], exit"
                  + " code 5");
    }
  }

  @Test
  void unknownVersionIs403WithTheAcceptedVersions() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=ls&stdout=1", "v9.channel.k8s.io")) {
      assertThat(spdy.status).isEqualTo(403);
      assertThat(spdy.headers.get("x-accepted-stream-protocol-versions"))
          .isEqualTo("v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io");
      assertThat(kubelet.streams.calls.get()).isZero();
    }
  }

  @Test
  void missingVersionHeaderIs400() throws Exception {
    try (SpdyUpgrade spdy = upgrade("/exec/default/web/app?command=ls&stdout=1", null)) {
      assertThat(spdy.status).isEqualTo(400);
      assertThat(spdy.body).isEqualTo("unable to upgrade: X-Stream-Protocol-Version is required");
    }
  }

  @Test
  void unknownContainerIsA404BeforeTheUpgrade() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/nope?command=ls&stdout=1", "v4.channel.k8s.io")) {
      assertThat(spdy.status).isEqualTo(404);
      assertThat(spdy.body).isEqualTo("container not found (\"nope\")");
    }
  }

  @Test
  void attachOverSpdyEchoesThroughTheMainProcess() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/attach/default/web/app?stdin=1&stdout=1", "v4.channel.k8s.io")) {
      SpdyTestSession session = spdy.session;
      int error = stream(session, "error");
      int stdin = stream(session, "stdin");
      int stdout = stream(session, "stdout");
      await().atMost(WAIT).until(() -> session.stream(stdout).replied);
      session.send(stdin, "ping");
      await().atMost(WAIT).until(() -> session.stream(stdout).text().equals("ping"));
      session.finish(stdin);
      await().atMost(WAIT).until(() -> session.stream(error).finished);
    }
  }

  @Test
  void clientPingsAreAnswered() throws Exception {
    try (SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=cat&stdin=1&stdout=1", "v4.channel.k8s.io")) {
      spdy.session.ping(1);
      await().atMost(WAIT).until(() -> spdy.session.pingsAnswered.get() == 1);
    }
  }

  @Test
  void closingTheConnectionStopsTheSession() throws Exception {
    SpdyUpgrade spdy =
        upgrade("/exec/default/web/app?command=cat&stdin=1&stdout=1", "v4.channel.k8s.io");
    SpdyTestSession session = spdy.session;
    stream(session, "error");
    stream(session, "stdin");
    int stdout = stream(session, "stdout");
    await().atMost(WAIT).until(() -> session.stream(stdout).replied);
    assertThat(kubelet.streams.openSessions.get()).isEqualTo(1);

    spdy.close();

    await().atMost(WAIT).until(() -> kubelet.streams.openSessions.get() == 0);
    await().atMost(WAIT).until(() -> kubelet.server.openStreams() == 0);
  }
}
