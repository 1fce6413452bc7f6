package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecOverWebSocketTest extends KubeletServerTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private WsTestClient exec(String query, String... protocols) throws Exception {
    return WsTestClient.connect(
        kubelet.httpClient(),
        kubelet.wsUri("/exec/default/web/app?" + query),
        ADMIN_TOKEN,
        protocols);
  }

  private static JsonObject status(WsTestClient client) {
    return JsonParser.parseString(client.channel(3)).getAsJsonObject();
  }

  @Test
  void v5ExecSendsStdoutThenASuccessStatusAndCloses() throws Exception {
    try (WsTestClient client =
        exec("command=echo&command=hello&stdout=1&stderr=1", "v5.channel.k8s.io")) {
      assertThat(client.subprotocol()).isEqualTo("v5.channel.k8s.io");

      assertThat(client.closed.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
      assertThat(client.channel(1)).isEqualTo("hello\n");
      assertThat(client.channel(3)).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
      // kubelet's "session is up" signal: an empty message on the first output channel
      assertThat(client.messages.get(0)).containsExactly(1);
      assertThat(kubelet.streams.execRequests.get(0).command()).containsExactly("echo", "hello");
    }
  }

  @Test
  void streamFlagsAreReadByTheNamesAnApiServerSends() throws Exception {
    // What a proxying API server sends: kubelet's input/output/error, not the API's stdin/stdout.
    try (WsTestClient client = exec("command=cat&input=1&output=1&error=1", "v5.channel.k8s.io")) {
      client.send(0, "via the API server");
      await().atMost(WAIT).until(() -> client.channel(1).equals("via the API server"));
      client.sendRaw(new byte[] {(byte) 255, 0});

      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());
      assertThat(status(client).get("status").getAsString()).isEqualTo("Success");
      assertThat(kubelet.streams.execRequests.get(0).stdin()).isTrue();
      assertThat(kubelet.streams.execRequests.get(0).stderr()).isTrue();
    }
  }

  @Test
  void nonZeroExitBecomesAFailureStatusWithTheExitCodeAsKubectlReadsIt() throws Exception {
    try (WsTestClient client =
        exec("command=exit&command=3&stdout=true&stderr=true", "v5.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());

      JsonObject status = status(client);
      assertThat(status.get("status").getAsString()).isEqualTo("Failure");
      assertThat(status.get("reason").getAsString()).isEqualTo("NonZeroExitCode");
      JsonObject cause =
          status.getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject();
      assertThat(cause.get("reason").getAsString()).isEqualTo("ExitCode");
      assertThat(cause.get("message").getAsString()).isEqualTo("3");
      assertThat(status.get("message").getAsString()).contains("[exit 3]", "exit code 3");
    }
  }

  @Test
  void stderrArrivesOnChannelTwo() throws Exception {
    try (WsTestClient client =
        exec("command=stderr&command=oops&stdout=1&stderr=1", "v4.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());

      assertThat(client.channel(2)).isEqualTo("oops\n");
      assertThat(client.channel(1)).isEmpty();
      assertThat(status(client).get("reason").getAsString()).isEqualTo("NonZeroExitCode");
    }
  }

  @Test
  void v5StdinFlowsToTheProcessAndTheCloseSignalEndsIt() throws Exception {
    try (WsTestClient client = exec("command=cat&stdin=1&stdout=1&stderr=1", "v5.channel.k8s.io")) {
      client.send(0, "typed ");
      client.send(0, "text");
      await().atMost(WAIT).until(() -> client.channel(1).equals("typed text"));
      assertThat(kubelet.streams.openSessions.get()).isEqualTo(1);

      client.sendRaw(new byte[] {(byte) 255, 0}); // v5: stdin closed

      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());
      assertThat(status(client).get("status").getAsString()).isEqualTo("Success");
      assertThat(kubelet.streams.openSessions.get()).isZero();
    }
  }

  @Test
  void v4HasNoCloseSignalSoClosingTheSocketStopsTheSession() throws Exception {
    WsTestClient client = exec("command=cat&stdin=1&stdout=1", "v4.channel.k8s.io");
    assertThat(client.subprotocol()).isEqualTo("v4.channel.k8s.io");
    client.sendRaw(new byte[] {(byte) 255, 0}); // not a signal in v4: ignored
    client.send(0, "still here");
    await().atMost(WAIT).until(() -> client.channel(1).equals("still here"));

    client.close();

    await().atMost(WAIT).until(() -> kubelet.streams.openSessions.get() == 0);
    await().atMost(WAIT).until(() -> kubelet.server.openStreams() == 0);
  }

  @Test
  void ttyResizeEventsReachTheSessionAndStderrIsMerged() throws Exception {
    try (WsTestClient client =
        exec("command=cat&stdin=1&stdout=1&stderr=1&tty=1", "v5.channel.k8s.io")) {
      client.send(4, "{\"Width\":120,\"Height\":40}");
      client.send(4, "{\"width\":80,");
      client.send(4, "\"height\":24}");

      await().atMost(WAIT).until(() -> kubelet.streams.resizes.size() == 2);
      assertThat(kubelet.streams.resizes).containsExactly("120x40", "80x24");
      await().atMost(WAIT).until(() -> client.channel(1).contains("resized to 80x24"));
      var request = kubelet.streams.execRequests.get(0);
      assertThat(request.tty()).isTrue();
      assertThat(request.stderr()).isFalse();
    }
  }

  @Test
  void aLongCommandLineFitsInTheRequestLine() throws Exception {
    String script = "x".repeat(20_000);
    try (WsTestClient client =
        exec("command=echo&command=" + script + "&stdout=1", "v5.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());
      assertThat(client.channel(1)).isEqualTo(script + "\n");
    }
  }

  @Test
  void clientPreferenceChoosesTheProtocolAmongThoseTheServerSpeaks() throws Exception {
    try (WsTestClient client =
        exec(
            "command=echo&command=x&stdout=1",
            "v9.channel.k8s.io",
            "v4.channel.k8s.io",
            "v5.channel.k8s.io")) {
      assertThat(client.subprotocol()).isEqualTo("v4.channel.k8s.io");
    }
  }

  @Test
  void base64ProtocolSendsTextMessagesWithAChannelDigit() throws Exception {
    try (WsTestClient client =
        exec("command=echo&command=hi&stdout=1", "v4.base64.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> client.textMessages.size() >= 3);

      List<String> messages = client.textMessages;
      assertThat(messages.get(0)).isEqualTo("1");
      assertThat(messages.get(1)).startsWith("1");
      assertThat(
              new String(
                  Base64.getDecoder().decode(messages.get(1).substring(1)), StandardCharsets.UTF_8))
          .isEqualTo("hi\n");
      assertThat(messages.get(2)).startsWith("3");
    }
  }

  @Test
  void channelK8sIoWritesOnlyFailuresOnTheErrorChannelAsText() throws Exception {
    try (WsTestClient client = exec("command=exit&command=2&stdout=1", "channel.k8s.io")) {
      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());
      assertThat(client.channel(3)).startsWith("command terminated with non-zero exit code");
    }
  }

  @Test
  void cloudFailureMidSessionBecomesAnInternalErrorStatus() throws Exception {
    try (WsTestClient client = exec("command=fail&stdout=1", "v5.channel.k8s.io")) {
      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());
      JsonObject status = status(client);
      assertThat(status.get("reason").getAsString()).isEqualTo("InternalError");
      assertThat(status.get("message").getAsString()).contains("the Cube went away");
      assertThat(status.get("code").getAsInt()).isEqualTo(500);
    }
  }

  @Test
  void attachJoinsTheMainProcess() throws Exception {
    try (WsTestClient client =
        WsTestClient.connect(
            kubelet.httpClient(),
            kubelet.wsUri("/attach/default/web/app?stdin=1&stdout=1"),
            ADMIN_TOKEN,
            "v5.channel.k8s.io")) {
      client.send(0, "to main");
      await().atMost(WAIT).until(() -> client.channel(1).equals("to main"));
      client.sendRaw(new byte[] {(byte) 255, 0});
      await().atMost(WAIT).until(() -> !client.channel(3).isEmpty());
      assertThat(status(client).get("status").getAsString()).isEqualTo("Success");
    }
  }

  @Test
  void unknownPodIsAPlain404BeforeAnyUpgrade() {
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                WsTestClient.connect(
                    kubelet.httpClient(),
                    kubelet.wsUri("/exec/default/nope/app?command=ls&stdout=1"),
                    ADMIN_TOKEN,
                    "v5.channel.k8s.io"));

    assertThat(WsTestClient.refusedStatus(failure)).isEqualTo(404);
  }

  @Test
  void plainRequestWithoutUpgradeIsRefused() throws Exception {
    HttpResponse<String> response =
        kubelet.post("/exec/default/web/app?command=ls&stdout=1", ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Upgrade request required");
    assertThat(kubelet.streams.calls.get()).isZero();
  }

  @Test
  void noStreamRequestedIs400() throws Exception {
    HttpResponse<String> response = kubelet.post("/exec/default/web/app?command=ls", ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("you must specify at least 1 of stdin, stdout, stderr");
  }
}
