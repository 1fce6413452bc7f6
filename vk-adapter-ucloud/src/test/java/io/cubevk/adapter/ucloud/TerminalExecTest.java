package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opt-in web-terminal exec, against a WebSocket that behaves as the class assumes. */
class TerminalExecTest {

  private static final CubeId CUBE = CubeId.of("cube-1");
  private static final String SESSION_SECRET = "sso-ticket-6e0f";

  private final MockUCloud ucloud = new MockUCloud();
  private final Terminal terminal = new Terminal();
  private final Recorder output = new Recorder();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  private UCloudCubeCloud withTerminal() {
    String url = ucloud.server.url("/terminal?ticket=" + SESSION_SECRET).toString();
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubeExecTokenResponse\",\"Token\":\"tok-1\","
            + "\"TerminalUrl\":\""
            + url
            + "\"}");
    return ucloud.builder().terminalExec(true).build();
  }

  @Test
  void offersExecWhenTheUserOptsIn() {
    assertThat(ucloud.builder().terminalExec(true).build().capabilities())
        .containsExactlyInAnyOrder(CloudCapability.METRICS, CloudCapability.EXEC);
  }

  @Test
  void typesTheCommandIntoTheTerminalAndRelaysItsOutput() {
    UCloudCubeCloud cloud = withTerminal();
    ucloud.enqueue(new MockResponse.Builder().webSocketUpgrade(terminal.echoingOnce("hi\r\n")));

    cloud.exec(CUBE, ExecRequest.of("nginx", List.of("echo", "hello world")), output);

    await().atMost(Duration.ofSeconds(20)).until(() -> output.exitCode.get() != null);
    Map<String, String> tokenRequest = ucloud.takeForm();
    assertThat(tokenRequest)
        .containsEntry("Action", "GetCubeExecToken")
        .containsEntry("CubeId", "cube-1")
        .containsEntry("ContainerName", "nginx");
    assertThat(ucloud.take().getUrl().queryParameter("ticket")).isEqualTo(SESSION_SECRET);
    assertThat(terminal.received).containsExactly("echo 'hello world'\nexit\n");
    assertThat(output.stdout()).isEqualTo("hi\r\n");
    assertThat(output.exitCode.get()).isZero();
  }

  @Test
  void forwardsStdinAndEndOfInputAsBytes() {
    UCloudCubeCloud cloud = withTerminal();
    ucloud.enqueue(new MockResponse.Builder().webSocketUpgrade(terminal.collecting()));

    ExecSession session = cloud.exec(CUBE, ExecRequest.of("nginx", List.of("cat")), output);
    session.stdin("abc".getBytes(StandardCharsets.UTF_8));
    session.closeStdin();

    await().atMost(Duration.ofSeconds(20)).until(() -> terminal.bytes.size() == 2);
    assertThat(terminal.bytes.get(0).utf8()).isEqualTo("abc");
    assertThat(terminal.bytes.get(1).toByteArray()).containsExactly(0x04);
    session.close();
  }

  @Test
  void anAbnormalCloseIsAFailureThatKeepsTheTerminalUrlSecret() {
    UCloudCubeCloud cloud = withTerminal();
    ucloud.enqueue(
        new MockResponse.Builder()
            .webSocketUpgrade(terminal.closingWith(1011, "broken " + SESSION_SECRET)));

    cloud.exec(CUBE, ExecRequest.of("nginx", List.of("ls")), output);

    await().atMost(Duration.ofSeconds(20)).until(() -> output.failure.get() != null);
    assertThat(output.failure.get())
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("exec in Cube cube-1 container nginx")
        .hasMessageContaining("closed with code 1011")
        .hasMessageContaining("the terminal protocol is an assumption")
        .hasMessageNotContaining(SESSION_SECRET);
    assertThat(output.exitCode.get()).isNull();
  }

  @Test
  void aTerminalUrlThatDoesNotUpgradeIsAFailure() {
    UCloudCubeCloud cloud = withTerminal();
    ucloud.enqueue(new MockResponse.Builder().code(404));

    cloud.exec(CUBE, ExecRequest.of("nginx", List.of("ls")), output);

    await().atMost(Duration.ofSeconds(20)).until(() -> output.failure.get() != null);
    assertThat(output.failure.get()).hasMessageContaining("the terminal answered HTTP 404");
  }

  @Test
  void quotesArgumentsSoTheShellReadsThemBack() {
    assertThat(CubeTerminalExec.commandLine(List.of("sh", "-c", "echo 'a b' && ls /tmp")))
        .isEqualTo("sh -c 'echo '\\''a b'\\'' && ls /tmp'");
    assertThat(CubeTerminalExec.commandLine(List.of("ls", "-la", "/var/log", "")))
        .isEqualTo("ls -la /var/log ''");
  }

  /** The server side of the terminal. */
  private static final class Terminal {
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<ByteString> bytes = new CopyOnWriteArrayList<>();

    WebSocketListener echoingOnce(String answer) {
      return new WebSocketListener() {
        @Override
        public void onMessage(WebSocket webSocket, String text) {
          received.add(text);
          webSocket.send(answer);
          webSocket.close(1000, "bye");
        }
      };
    }

    WebSocketListener collecting() {
      return new WebSocketListener() {
        @Override
        public void onMessage(WebSocket webSocket, ByteString message) {
          bytes.add(message);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
          webSocket.close(1000, null);
        }
      };
    }

    WebSocketListener closingWith(int code, String reason) {
      return new WebSocketListener() {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
          webSocket.close(code, reason);
        }
      };
    }
  }

  /** The kubelet side: what the session delivered. */
  private static final class Recorder implements ExecOutput {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final AtomicReference<Integer> exitCode = new AtomicReference<>();
    final AtomicReference<CloudFailure> failure = new AtomicReference<>();

    @Override
    public synchronized void stdout(byte[] bytes) {
      out.writeBytes(bytes);
    }

    @Override
    public void stderr(byte[] bytes) {
      throw new AssertionError("a tty has no separate stderr");
    }

    @Override
    public void exited(int code) {
      exitCode.set(code);
    }

    @Override
    public void failed(CloudFailure cause) {
      failure.set(cause);
    }

    synchronized String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
