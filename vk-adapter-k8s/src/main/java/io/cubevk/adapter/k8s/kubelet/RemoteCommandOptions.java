package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.out.cloud.ExecRequest;
import java.util.List;

/**
 * The stream flags and command of an exec or attach, read as kubelet's {@code NewOptions}: at least
 * one of stdin, stdout, stderr; a tty merges stderr into stdout (so stderr is dropped).
 *
 * <p>The flags have kubelet's names, {@code input}, {@code output}, {@code error} and {@code tty}
 * ({@code k8s.io/api} core/v1 {@code Exec*Param}): that is what an API server sends when it proxies
 * {@code pods/exec}. The API's own names ({@code stdin}, {@code stdout}, {@code stderr}) are read
 * when a flag is not given the kubelet's way, for clients that address the kubelet directly with
 * them.
 */
record RemoteCommandOptions(
    boolean stdin, boolean stdout, boolean stderr, boolean tty, List<String> command) {

  static RemoteCommandOptions parse(KubeletRequest request, boolean commandRequired)
      throws QueryValues.BadValue {
    boolean tty = QueryValues.bool(request.param("tty"), "tty");
    boolean stdin = flag(request, "input", "stdin");
    boolean stdout = flag(request, "output", "stdout");
    boolean stderr = flag(request, "error", "stderr") && !tty;
    if (!stdin && !stdout && !stderr) {
      throw new QueryValues.BadValue("you must specify at least 1 of stdin, stdout, stderr");
    }
    List<String> command = request.params("command");
    if (commandRequired && command.isEmpty()) {
      throw new QueryValues.BadValue("you must specify at least one command for the container");
    }
    return new RemoteCommandOptions(stdin, stdout, stderr, tty, List.copyOf(command));
  }

  private static boolean flag(KubeletRequest request, String kubeletName, String apiName)
      throws QueryValues.BadValue {
    return request.param(kubeletName).isPresent()
        ? QueryValues.bool(request.param(kubeletName), kubeletName)
        : QueryValues.bool(request.param(apiName), apiName);
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
