package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /run/{ns}/{pod}/{container}?cmd=…}: runs a command (split at spaces, as kubelet does)
 * and answers with its combined output once it exits: 200 for exit code 0, 500 with kubelet's
 * {@code command '…' exited with N: …} otherwise. No thread waits: the exec session pushes its
 * output and exit code, and the answer is written when the exit code arrives.
 */
final class RunEndpoint {

  private RunEndpoint() {}

  static void serve(Exchange exchange, Route route) {
    String cmd = exchange.request().param("cmd").orElse("");
    List<String> command = Arrays.stream(cmd.split(" ")).filter(s -> !s.isEmpty()).toList();
    if (command.isEmpty()) {
      exchange.respond(HttpResponseStatus.BAD_REQUEST, "the cmd parameter is required");
      return;
    }
    StreamLimiter slots = exchange.server().streamSlots();
    StreamLimiter.Permit permit = slots.tryPermit();
    if (permit == null) {
      exchange.respond(HttpResponses.tooManyStreams(slots.limit()));
      return;
    }
    Collector collector =
        new Collector(
            exchange, permit, command, exchange.server().limits().maxBufferedBytesPerStream());
    ExecRequest request =
        new ExecRequest.Builder()
            .container(route.containerName())
            .addAllCommand(command)
            .stdin(false)
            .stdout(true)
            .stderr(true)
            .tty(false)
            .build();
    exchange.offload(
        () -> exchange.server().streams().exec(route.podRef(), request, collector),
        collector::opened,
        failure -> {
          collector.abandon();
          exchange.respond(
              StreamFailures.response(
                  failure, route.kind(), route.podRef(), route.containerName()));
        });
  }

  /** Gathers the output on the event loop until the command ends. */
  private static final class Collector implements ExecOutput {
    private final Exchange exchange;
    private final EventLoop loop;
    private final StreamLimiter.Permit permit;
    private final List<String> command;
    private final long maxBytes;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ExecSession session;
    private boolean done;

    Collector(Exchange exchange, StreamLimiter.Permit permit, List<String> command, long maxBytes) {
      this.exchange = exchange;
      this.loop = exchange.channel().eventLoop();
      this.permit = permit;
      this.command = command;
      this.maxBytes = maxBytes;
    }

    @Override
    public void stdout(byte[] bytes) {
      loop.execute(() -> collect(bytes));
    }

    @Override
    public void stderr(byte[] bytes) {
      loop.execute(() -> collect(bytes));
    }

    @Override
    public void exited(int exitCode) {
      loop.execute(
          () -> {
            if (exitCode == 0) {
              finish(
                  HttpResponses.of(
                      HttpResponseStatus.OK, HttpResponses.JSON, output.toByteArray()));
            } else {
              finish(
                  HttpResponses.text(
                      HttpResponseStatus.INTERNAL_SERVER_ERROR,
                      "command '"
                          + String.join(" ", command)
                          + "' exited with "
                          + exitCode
                          + ": "
                          + output.toString(java.nio.charset.StandardCharsets.UTF_8)));
            }
          });
    }

    @Override
    public void failed(CloudFailure failure) {
      loop.execute(
          () ->
              finish(
                  HttpResponses.text(
                      HttpResponseStatus.INTERNAL_SERVER_ERROR, failure.getMessage())));
    }

    private void collect(byte[] bytes) {
      if (done) {
        return;
      }
      if (output.size() + bytes.length > maxBytes) {
        finish(
            HttpResponses.text(
                HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "the output of '"
                    + String.join(" ", command)
                    + "' exceeds "
                    + maxBytes
                    + " bytes"));
        return;
      }
      output.writeBytes(bytes);
    }

    void opened(ExecSession session) {
      this.session = session;
      session.closeStdin();
      if (done || !exchange.channel().isActive()) {
        session.close();
        permit.release();
      }
    }

    void abandon() {
      done = true;
      permit.release();
    }

    private void finish(io.netty.handler.codec.http.FullHttpResponse response) {
      if (done) {
        return;
      }
      done = true;
      permit.release();
      if (session != null) {
        session.close();
      }
      exchange.respond(response);
    }
  }
}
