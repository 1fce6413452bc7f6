package io.cubevk.app.cli;

import com.google.gson.GsonBuilder;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.ObservedCube;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What became of each pod: the sandbox's {@code --until-settled} table (NAMESPACE NAME NODE PHASE
 * REASON SIZE CUBE IP, then the messages of failed pods) or its JSON array.
 */
final class PodReport {

  /** One pod; absent values are null, as the JSON shows them. */
  record Row(
      String namespace,
      String name,
      String node,
      String phase,
      String reason,
      String message,
      String cubeId,
      String cpu,
      String memory,
      String podIP) {}

  private static final String CUBE_PREFIX = "cube://";

  private final List<Row> rows;

  private PodReport(List<Row> rows) {
    this.rows = rows;
  }

  /**
   * @param cubeOf the Cube of a pod uid, if the cloud has one (for its size and id)
   */
  static PodReport of(List<V1Pod> pods, Function<String, Optional<ObservedCube>> cubeOf) {
    List<Row> rows = new ArrayList<>();
    for (V1Pod pod : pods) {
      var meta = Objects.requireNonNull(pod.getMetadata());
      var status = pod.getStatus();
      Optional<ObservedCube> cube = Optional.ofNullable(meta.getUid()).flatMap(cubeOf);
      Optional<CubeResources> size = cube.map(c -> c.spec().size());
      rows.add(
          new Row(
              meta.getNamespace(),
              meta.getName(),
              pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
              status == null ? null : status.getPhase(),
              reason(pod).orElse(null),
              status == null ? null : status.getMessage(),
              cubeId(pod).or(() -> cube.map(c -> c.cubeId().value())).orElse(null),
              size.map(s -> s.cpu().toQuantity()).orElse(null),
              size.map(s -> s.memory().toQuantity()).orElse(null),
              status == null ? null : status.getPodIP()));
    }
    rows.sort(Comparator.comparing(Row::namespace).thenComparing(Row::name));
    return new PodReport(rows);
  }

  List<Row> rows() {
    return rows;
  }

  /** The pod's reason: its own, else a waiting container's, else why it is not scheduled. */
  static Optional<String> reason(V1Pod pod) {
    var status = pod.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    if (status.getReason() != null) {
      return Optional.of(status.getReason());
    }
    List<V1ContainerStatus> containers = new ArrayList<>();
    if (status.getInitContainerStatuses() != null) {
      containers.addAll(status.getInitContainerStatuses());
    }
    if (status.getContainerStatuses() != null) {
      containers.addAll(status.getContainerStatuses());
    }
    for (V1ContainerStatus c : containers) {
      if (c.getState() != null && c.getState().getWaiting() != null) {
        return Optional.ofNullable(c.getState().getWaiting().getReason());
      }
    }
    if (status.getConditions() != null) {
      for (V1PodCondition c : status.getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
          return Optional.ofNullable(c.getReason());
        }
      }
    }
    return Optional.empty();
  }

  /** The Cube id the agent wrote into the container ids ({@code cube://<id>/<container>}). */
  static Optional<String> cubeId(V1Pod pod) {
    var status = pod.getStatus();
    if (status == null || status.getContainerStatuses() == null) {
      return Optional.empty();
    }
    return status.getContainerStatuses().stream()
        .map(V1ContainerStatus::getContainerID)
        .filter(id -> id != null && id.startsWith(CUBE_PREFIX))
        .map(id -> id.substring(CUBE_PREFIX.length()))
        .map(id -> id.contains("/") ? id.substring(0, id.indexOf('/')) : id)
        .findFirst();
  }

  void printTable(PrintWriter out) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"NAMESPACE", "NAME", "NODE", "PHASE", "REASON", "SIZE", "CUBE", "IP"});
    for (Row r : rows) {
      lines.add(
          new String[] {
            r.namespace(),
            r.name(),
            orNone(r.node()),
            orNone(r.phase()),
            orNone(r.reason()),
            r.cpu() == null ? "<none>" : r.cpu() + "/" + r.memory(),
            orNone(r.cubeId()),
            orNone(r.podIP())
          });
    }
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        b.append(line[i]);
        if (i < line.length - 1) {
          b.append(" ".repeat(widths[i] - line[i].length() + 3));
        }
      }
      out.println(b.toString().stripTrailing());
    }
    for (Row r : rows) {
      if ("Failed".equals(r.phase())) {
        out.println();
        out.println(
            r.namespace()
                + "/"
                + r.name()
                + " failed"
                + (r.reason() == null ? "" : " (" + r.reason() + ")")
                + ": "
                + orNone(r.message()));
      }
    }
    out.flush();
  }

  void printJson(PrintWriter out) {
    List<Map<String, Object>> array = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("namespace", r.namespace());
      o.put("name", r.name());
      o.put("node", r.node());
      o.put("phase", r.phase());
      o.put("reason", r.reason());
      o.put("message", r.message());
      o.put("cubeId", r.cubeId());
      o.put("cpu", r.cpu());
      o.put("memory", r.memory());
      o.put("podIP", r.podIP());
      array.add(o);
    }
    out.println(new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(array));
    out.flush();
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }
}
