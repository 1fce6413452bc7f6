package io.cubevk.adapter.ucloud;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * Exec through Cube's web terminal: GetCubeExecToken, then a WebSocket to the {@code TerminalUrl}
 * it returns. Used only when the user opts in ({@code --ucloud-terminal-exec}, builder {@code
 * terminalExec(true)}).
 *
 * <p><b>ASSUMPTION — the terminal's wire protocol is not public.</b> What is known: the token and
 * the single-sign-on URL live 5 minutes, and the URL opens a terminal in the container. What this
 * class assumes, and what may well be wrong against the real service:
 *
 * <ul>
 *   <li>the {@code TerminalUrl} carries its own credentials and upgrades to a WebSocket as it is
 *       ({@code https} is dialled as {@code wss});
 *   <li>the terminal is a shell in a tty: frames from the server, text or binary, are the
 *       terminal's output (stdout; a tty has no separate stderr), and bytes sent are typed in;
 *   <li>the command is typed as one shell-quoted line, followed by {@code exit} so the session ends
 *       with it; stdin is forwarded as binary frames, end of input as Ctrl-D;
 *   <li>the exit code does not travel: a normal close (1000) is reported as exit code 0, any other
 *       close or a broken connection as a failure;
 *   <li>window resizes are not forwarded (the resize message, if any, is unknown).
 * </ul>
 *
 * <p>The token and the URL never reach a log or a message: the URL opens a shell in the Cube.
 */
final class CubeTerminalExec {

  private static final int NORMAL_CLOSURE = 1000;
  private static final byte END_OF_TRANSMISSION = 0x04;

  private final UCloudTransport transport;
  private final OkHttpClient webSockets;

  CubeTerminalExec(UCloudTransport transport, OkHttpClient webSockets) {
    this.transport = transport;
    this.webSockets = webSockets;
  }

  ExecSession open(CubeId cube, ExecRequest request, ExecOutput output) {
    UCloudWire.ExecToken token =
        transport.call(
            UCloudAction.GET_CUBE_EXEC_TOKEN,
            Map.of("CubeId", cube.value(), "ContainerName", request.container()),
            UCloudApi::execToken);
    String url = token.terminalUrl();
    if (url == null || url.isBlank()) {
      throw new CloudFailure.Unavailable(
          "GetCubeExecToken CubeId="
              + cube
              + ": TerminalUrl is missing; accepted is the terminal's URL");
    }
    String where = "exec in Cube " + cube + " container " + request.container();
    Request upgrade;
    try {
      upgrade = new Request.Builder().url(url).build();
    } catch (IllegalArgumentException e) {
      throw new CloudFailure.Unavailable(
          "GetCubeExecToken CubeId=" + cube + ": TerminalUrl is not an http(s) or ws(s) URL");
    }
    Session session = new Session(where, output, request.command(), token);
    session.socket = webSockets.newWebSocket(upgrade, session.listener());
    return session;
  }

  /** The command as one line a POSIX shell reads back into the same arguments. */
  static String commandLine(List<String> command) {
    return command.stream().map(CubeTerminalExec::quote).collect(Collectors.joining(" "));
  }

  private static String quote(String argument) {
    if (!argument.isEmpty() && argument.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  /**
   * What must never be shown of a terminal session: the token, the URL, and each of the URL's query
   * values (single-sign-on tickets travel there, and servers echo them in close reasons).
   */
  static String[] secretsOf(UCloudWire.ExecToken token) {
    List<String> secrets = new java.util.ArrayList<>();
    secrets.add(token.token());
    secrets.add(token.terminalUrl());
    okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(token.terminalUrl());
    if (url != null) {
      for (int i = 0; i < url.querySize(); i++) {
        String value = url.queryParameterValue(i);
        // Short values (lang=en) are settings, not tickets; scrubbing them would mangle words.
        if (value != null && value.length() >= 6) {
          secrets.add(value);
        }
      }
      secrets.add(url.encodedQuery());
      secrets.add(url.fragment());
    }
    return secrets.toArray(String[]::new);
  }

  private final class Session implements ExecSession {
    private final String where;
    private final ExecOutput output;
    private final List<String> command;
    private final Redactor urlRedactor;
    private volatile WebSocket socket;
    private boolean finished; // guarded by this: no callback after close() or the last one

    Session(String where, ExecOutput output, List<String> command, UCloudWire.ExecToken token) {
      this.where = where;
      this.output = output;
      this.command = command;
      this.urlRedactor = new Redactor(secretsOf(token));
    }

    WebSocketListener listener() {
      return new WebSocketListener() {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
          if (!command.isEmpty()) {
            webSocket.send(commandLine(command) + "\nexit\n");
          }
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
          deliver(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
          deliver(bytes.toByteArray());
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
          webSocket.close(NORMAL_CLOSURE, null);
          if (code == NORMAL_CLOSURE) {
            finish(() -> output.exited(0));
          } else {
            fail("the terminal closed with code " + code + " " + urlRedactor.scrub(reason));
          }
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
          onClosing(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
          String why =
              response != null
                  ? "the terminal answered HTTP " + response.code()
                  : failure.getClass().getSimpleName()
                      + ": "
                      + urlRedactor.scrub(failure.getMessage());
          fail("the terminal connection failed (" + why + ")");
        }
      };
    }

    private synchronized void deliver(byte[] bytes) {
      if (!finished) {
        output.stdout(bytes);
      }
    }

    private void fail(String why) {
      finish(
          () ->
              output.failed(
                  new CloudFailure.Unavailable(
                      where + ": " + why + " (the terminal protocol is an assumption)")));
    }

    private synchronized void finish(Runnable last) {
      if (!finished) {
        finished = true;
        last.run();
      }
    }

    @Override
    public void stdin(byte[] bytes) {
      socket.send(ByteString.of(bytes));
    }

    @Override
    public void closeStdin() {
      socket.send(ByteString.of(END_OF_TRANSMISSION));
    }

    @Override
    public void resize(int columns, int rows) {
      // Not forwarded: the terminal's resize message is unknown (see the class javadoc).
    }

    @Override
    public synchronized void close() {
      finished = true;
      WebSocket open = socket;
      if (open != null) {
        open.close(NORMAL_CLOSURE, null);
      }
    }
  }
}
