package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.out.cloud.ExecRequest;
import java.util.List;

/**
 * The stream flags and command of an exec or attach, read as kubelet's {@code NewOptions}: at least
 * one of stdin, stdout, stderr; a tty merges stderr into stdout (so stderr is dropped).
 */
record RemoteCommandOptions(
    boolean stdin, boolean stdout, boolean stderr, boolean tty, List<String> command) {

  static RemoteCommandOptions parse(KubeletRequest request, boolean commandRequired)
      throws QueryValues.BadValue {
    boolean tty = QueryValues.bool(request.param("tty"), "tty");
    boolean stdin = QueryValues.bool(request.param("stdin"), "stdin");
    boolean stdout = QueryValues.bool(request.param("stdout"), "stdout");
    boolean stderr = QueryValues.bool(request.param("stderr"), "stderr") && !tty;
    if (!stdin && !stdout && !stderr) {
      throw new QueryValues.BadValue("you must specify at least 1 of stdin, stdout, stderr");
    }
    List<String> command = request.params("command");
    if (commandRequired && command.isEmpty()) {
      throw new QueryValues.BadValue("you must specify at least one command for the container");
    }
    return new RemoteCommandOptions(stdin, stdout, stderr, tty, List.copyOf(command));
  }

  ExecRequest toExecRequest(String container) {
    return new ExecRequest.Builder()
        .container(container)
        .addAllCommand(command)
        .stdin(stdin)
        .stdout(stdout)
        .stderr(stderr)
        .tty(tty)
        .build();
  }

  /** The command as kubelet's messages print it: {@code [sh -c exit 3]}. */
  String describeCommand() {
    return "[" + String.join(" ", command) + "]";
  }
}
