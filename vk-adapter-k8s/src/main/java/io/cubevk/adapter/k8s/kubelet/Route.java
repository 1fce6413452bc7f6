package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.PodRef;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet API's paths ({@code pkg/kubelet/server/server.go}), with their optional pod-uid
 * segment: {@code /exec/{ns}/{pod}[/{uid}]/{container}}, {@code /attach/…}, {@code /run/…}, {@code
 * /portForward/{ns}/{pod}[/{uid}]}, {@code /containerLogs/{ns}/{pod}/{container}}, {@code /pods},
 * {@code /healthz}, {@code /stats/summary}, {@code /metrics/resource}.
 */
record Route(Kind kind, Optional<PodRef> pod, Optional<String> container) {

  enum Kind {
    HEALTHZ,
    PODS,
    STATS_SUMMARY,
    METRICS_RESOURCE,
    CONTAINER_LOGS,
    EXEC,
    ATTACH,
    RUN,
    PORT_FORWARD
  }

  static Optional<Route> parse(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String head = parts.get(0);
    int n = parts.size();
    switch (head) {
      case "healthz":
        return n == 1 ? node(Kind.HEALTHZ) : Optional.empty();
      case "pods":
        return n == 1 ? node(Kind.PODS) : Optional.empty();
      case "stats":
        // kubelet serves /stats/summary; "/stats" alone and the removed cAdvisor paths are 404.
        return n == 2 && parts.get(1).equals("summary")
            ? node(Kind.STATS_SUMMARY)
            : Optional.empty();
      case "metrics":
        return n == 2 && parts.get(1).equals("resource")
            ? node(Kind.METRICS_RESOURCE)
            : Optional.empty();
      case "containerLogs":
        return n == 4 ? container(Kind.CONTAINER_LOGS, parts, 3) : Optional.empty();
      case "exec":
        return n == 4 || n == 5 ? container(Kind.EXEC, parts, n - 1) : Optional.empty();
      case "attach":
        return n == 4 || n == 5 ? container(Kind.ATTACH, parts, n - 1) : Optional.empty();
      case "run":
        return n == 4 || n == 5 ? container(Kind.RUN, parts, n - 1) : Optional.empty();
      case "portForward":
        return n == 3 || n == 4
            ? Optional.of(
                new Route(
                    Kind.PORT_FORWARD,
                    Optional.of(PodRef.of(parts.get(1), parts.get(2))),
                    Optional.empty()))
            : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  private static Optional<Route> node(Kind kind) {
    return Optional.of(new Route(kind, Optional.empty(), Optional.empty()));
  }

  private static Optional<Route> container(Kind kind, List<String> parts, int containerIndex) {
    return Optional.of(
        new Route(
            kind,
            Optional.of(PodRef.of(parts.get(1), parts.get(2))),
            Optional.of(parts.get(containerIndex))));
  }

  PodRef podRef() {
    return pod.orElseThrow();
  }

  String containerName() {
    return container.orElseThrow();
  }
}
