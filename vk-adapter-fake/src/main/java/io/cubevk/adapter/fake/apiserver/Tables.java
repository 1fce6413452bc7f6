package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code meta.k8s.io/v1} Tables, what {@code kubectl get} prints: the columns of kubectl's own
 * printers for pods, nodes, deployments, replicasets, statefulsets, daemonsets, jobs, services,
 * events, and NAME/AGE for everything else. Columns with priority 1 are shown by {@code -o wide}.
 */
final class Tables {

  private record Column(
      String name, String type, String format, int priority, String description) {}

  private Tables() {}

  /** A Table of {@code items}; {@code includeObject} is None, Object or PartialObjectMetadata. */
  static ObjectNode table(
      ResourceType type,
      List<? extends JsonNode> items,
      String includeObject,
      Instant now,
      boolean withColumns,
      String resourceVersion,
      String continueToken) {
    ObjectNode t = Json.object();
    t.put("kind", "Table");
    t.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = t.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    ArrayNode cols = t.putArray("columnDefinitions");
    if (withColumns) {
      for (Column c : columns(type)) {
        cols.addObject()
            .put("name", c.name())
            .put("type", c.type())
            .put("format", c.format())
            .put("description", c.description())
            .put("priority", c.priority());
      }
    }
    ArrayNode rows = t.putArray("rows");
    for (JsonNode o : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Object v : cells(type, o, now)) {
        if (v instanceof Integer i) {
          cells.add(i);
        } else if (v instanceof Long l) {
          cells.add(l);
        } else {
          cells.add(String.valueOf(v));
        }
      }
      if ("Object".equals(includeObject)) {
        row.set("object", o);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", o.path("metadata"));
      }
    }
    return t;
  }

  private static List<Column> columns(ResourceType type) {
    List<Column> c = new ArrayList<>();
    c.add(col("Name", "string", "name", 0, "Name must be unique within a namespace."));
    switch (type.group() + "/" + type.plural()) {
      case "/pods" -> {
        c.add(col("Ready", "string", "", 0, "The aggregate readiness state of this pod."));
        c.add(col("Status", "string", "", 0, "The aggregate status of the containers."));
        c.add(col("Restarts", "string", "", 0, "The number of times the containers restarted."));
        c.add(age());
        c.add(col("IP", "string", "", 1, "IP address allocated to the pod."));
        c.add(col("Node", "string", "", 1, "Name of the Node the Pod is assigned to."));
        c.add(col("Nominated Node", "string", "", 1, "Nominated node."));
        c.add(col("Readiness Gates", "string", "", 1, "Readiness gates."));
      }
      case "/nodes" -> {
        c.add(col("Status", "string", "", 0, "The status of the node"));
        c.add(col("Roles", "string", "", 0, "The roles of the node"));
        c.add(age());
        c.add(col("Version", "string", "", 0, "Kubelet Version reported by the node."));
        c.add(col("Internal-IP", "string", "", 1, "List of internal IPs."));
        c.add(col("External-IP", "string", "", 1, "List of external IPs."));
        c.add(col("OS-Image", "string", "", 1, "OS image reported by the node."));
        c.add(col("Kernel-Version", "string", "", 1, "Kernel version reported by the node."));
        c.add(col("Container-Runtime", "string", "", 1, "Container runtime reported by the node."));
      }
      case "apps/deployments" -> {
        c.add(col("Ready", "string", "", 0, "Number of the pod with ready state"));
        c.add(col("Up-to-date", "string", "", 0, "Total number of non-terminated pods updated."));
        c.add(col("Available", "string", "", 0, "Number of available pods."));
        c.add(age());
        c.add(col("Containers", "string", "", 1, "Names of each container in the template."));
        c.add(col("Images", "string", "", 1, "Images referenced by each container."));
        c.add(col("Selector", "string", "", 1, "Label selector for pods."));
      }
      case "apps/replicasets" -> {
        c.add(col("Desired", "integer", "", 0, "Number of desired pods."));
        c.add(col("Current", "integer", "", 0, "Number of actual replicas."));
        c.add(col("Ready", "integer", "", 0, "Number of ready replicas."));
        c.add(age());
        c.add(col("Containers", "string", "", 1, "Names of each container in the template."));
        c.add(col("Images", "string", "", 1, "Images referenced by each container."));
        c.add(col("Selector", "string", "", 1, "Label selector for pods."));
      }
      case "apps/statefulsets" -> {
        c.add(col("Ready", "string", "", 0, "Number of the pod with ready state"));
        c.add(age());
        c.add(col("Containers", "string", "", 1, "Names of each container in the template."));
        c.add(col("Images", "string", "", 1, "Images referenced by each container."));
      }
      case "apps/daemonsets" -> {
        c.add(col("Desired", "integer", "", 0, "Desired pods."));
        c.add(col("Current", "integer", "", 0, "Current pods."));
        c.add(col("Ready", "integer", "", 0, "Ready pods."));
        c.add(col("Up-to-date", "integer", "", 0, "Updated pods."));
        c.add(col("Available", "integer", "", 0, "Available pods."));
        c.add(col("Node Selector", "string", "", 0, "Node selector."));
        c.add(age());
      }
      case "batch/jobs" -> {
        c.add(col("Status", "string", "", 0, "Status of the job."));
        c.add(col("Completions", "string", "", 0, "Desired and successful completions."));
        c.add(col("Duration", "string", "", 0, "Time the job took."));
        c.add(age());
      }
      case "/services" -> {
        c.add(col("Type", "string", "", 0, "The type of the service."));
        c.add(col("Cluster-IP", "string", "", 0, "The cluster IP of the service."));
        c.add(col("External-IP", "string", "", 0, "External IPs."));
        c.add(col("Port(s)", "string", "", 0, "The ports of the service."));
        c.add(age());
        c.add(col("Selector", "string", "", 1, "The selector of the service."));
      }
      case "/namespaces" -> {
        c.add(col("Status", "string", "", 0, "The status of the namespace"));
        c.add(age());
      }
      case "/events", "events.k8s.io/events" -> {
        c = new ArrayList<>();
        c.add(col("Last Seen", "string", "", 0, "Time of the last occurrence."));
        c.add(col("Type", "string", "", 0, "Type of the event."));
        c.add(col("Reason", "string", "", 0, "Reason of the event."));
        c.add(col("Object", "string", "", 0, "The object the event is about."));
        c.add(col("Message", "string", "", 0, "The message of the event."));
      }
      default -> c.add(age());
    }
    return c;
  }

  private static List<Object> cells(ResourceType type, JsonNode o, Instant now) {
    List<Object> v = new ArrayList<>();
    String age = age(o.path("metadata").path("creationTimestamp"), now);
    JsonNode spec = o.path("spec");
    JsonNode status = o.path("status");
    v.add(Json.name(o));
    switch (type.group() + "/" + type.plural()) {
      case "/pods" -> {
        int total = spec.path("containers").size();
        int ready = 0;
        long restarts = 0;
        for (JsonNode cs : status.path("containerStatuses")) {
          if (cs.path("ready").asBoolean()) {
            ready++;
          }
          restarts += cs.path("restartCount").asLong();
        }
        v.add(ready + "/" + total);
        v.add(podStatus(o));
        v.add(restarts);
        v.add(age);
        v.add(status.path("podIP").asText("<none>"));
        v.add(spec.path("nodeName").asText("<none>"));
        v.add(status.path("nominatedNodeName").asText("<none>"));
        v.add("<none>");
      }
      case "/nodes" -> {
        v.add(nodeStatus(o));
        List<String> roles = new ArrayList<>();
        Json.labels(o)
            .forEach(
                (k, val) -> {
                  if (k.startsWith("node-role.kubernetes.io/")) {
                    roles.add(k.substring("node-role.kubernetes.io/".length()));
                  } else if (k.equals("kubernetes.io/role")) {
                    roles.add(val);
                  }
                });
        v.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
        v.add(age);
        JsonNode info = status.path("nodeInfo");
        v.add(info.path("kubeletVersion").asText(""));
        v.add(address(status, "InternalIP"));
        v.add(address(status, "ExternalIP"));
        v.add(info.path("osImage").asText("<unknown>"));
        v.add(info.path("kernelVersion").asText("<unknown>"));
        v.add(info.path("containerRuntimeVersion").asText("<unknown>"));
      }
      case "apps/deployments" -> {
        v.add(status.path("readyReplicas").asInt() + "/" + spec.path("replicas").asInt());
        v.add(status.path("updatedReplicas").asInt());
        v.add(status.path("availableReplicas").asInt());
        v.add(age);
        templateColumns(spec, v);
        v.add(selector(spec.path("selector")));
      }
      case "apps/replicasets" -> {
        v.add(spec.path("replicas").asInt());
        v.add(status.path("replicas").asInt());
        v.add(status.path("readyReplicas").asInt());
        v.add(age);
        templateColumns(spec, v);
        v.add(selector(spec.path("selector")));
      }
      case "apps/statefulsets" -> {
        v.add(status.path("readyReplicas").asInt() + "/" + spec.path("replicas").asInt());
        v.add(age);
        templateColumns(spec, v);
      }
      case "apps/daemonsets" -> {
        v.add(status.path("desiredNumberScheduled").asInt());
        v.add(status.path("currentNumberScheduled").asInt());
        v.add(status.path("numberReady").asInt());
        v.add(status.path("updatedNumberScheduled").asInt());
        v.add(status.path("numberAvailable").asInt());
        JsonNode ns = spec.path("template").path("spec").path("nodeSelector");
        List<String> kv = new ArrayList<>();
        ns.fields().forEachRemaining(e -> kv.add(e.getKey() + "=" + e.getValue().asText()));
        v.add(kv.isEmpty() ? "<none>" : String.join(",", kv));
        v.add(age);
      }
      case "batch/jobs" -> {
        String state = "Running";
        for (JsonNode c : status.path("conditions")) {
          if (c.path("status").asText().equals("True")) {
            String t = c.path("type").asText();
            if (t.equals("Complete")) {
              state = "Complete";
            } else if (t.equals("Failed")) {
              state = "Failed";
            } else if (t.equals("Suspended")) {
              state = "Suspended";
            }
          }
        }
        v.add(state);
        v.add(status.path("succeeded").asInt() + "/" + spec.path("completions").asInt(1));
        Instant start = Json.parseTime(status.get("startTime"));
        Instant end = Json.parseTime(status.get("completionTime"));
        v.add(start == null ? "" : human(Duration.between(start, end == null ? now : end)));
        v.add(age);
      }
      case "/services" -> {
        v.add(spec.path("type").asText("ClusterIP"));
        v.add(spec.path("clusterIP").asText("<none>"));
        v.add("<none>");
        List<String> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
          String np = p.has("nodePort") ? ":" + p.get("nodePort").asText() : "";
          ports.add(p.path("port").asText() + np + "/" + p.path("protocol").asText("TCP"));
        }
        v.add(ports.isEmpty() ? "<none>" : String.join(",", ports));
        v.add(age);
        v.add(selectorMap(spec.path("selector")));
      }
      case "/namespaces" -> {
        v.add(status.path("phase").asText("Active"));
        v.add(age);
      }
      case "/events", "events.k8s.io/events" -> {
        v.clear();
        JsonNode last = o.get("lastTimestamp");
        if (last == null || last.isNull()) {
          last = o.get("eventTime");
        }
        v.add(age(last, now));
        v.add(o.path("type").asText(""));
        v.add(o.path("reason").asText(""));
        JsonNode io = o.has("involvedObject") ? o.path("involvedObject") : o.path("regarding");
        v.add(
            io.path("kind").asText("").toLowerCase(java.util.Locale.ROOT)
                + "/"
                + io.path("name").asText(""));
        v.add(o.has("message") ? o.path("message").asText("") : o.path("note").asText(""));
      }
      default -> v.add(age);
    }
    return v;
  }

  /** The STATUS column of kubectl's pod printer. */
  static String podStatus(JsonNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("phase").asText("Pending");
    if (status.has("reason")) {
      reason = status.get("reason").asText();
    }
    boolean initializing = false;
    int i = 0;
    int inits = pod.path("spec").path("initContainers").size();
    for (JsonNode cs : status.path("initContainerStatuses")) {
      JsonNode term = cs.path("state").path("terminated");
      JsonNode wait = cs.path("state").path("waiting");
      if (!term.isMissingNode() && term.path("exitCode").asInt() == 0) {
        i++;
        continue;
      }
      if (!term.isMissingNode()) {
        reason = "Init:" + term.path("reason").asText("Signal");
      } else if (!wait.isMissingNode()
          && !wait.path("reason").asText("").isEmpty()
          && !wait.path("reason").asText().equals("PodInitializing")) {
        reason = "Init:" + wait.path("reason").asText();
      } else {
        reason = "Init:" + i + "/" + inits;
      }
      initializing = true;
      break;
    }
    if (!initializing) {
      boolean hasRunning = false;
      for (JsonNode cs : status.path("containerStatuses")) {
        JsonNode st = cs.path("state");
        if (!st.path("waiting").path("reason").asText("").isEmpty()) {
          reason = st.path("waiting").path("reason").asText();
        } else if (!st.path("terminated").path("reason").asText("").isEmpty()) {
          reason = st.path("terminated").path("reason").asText();
        } else if (st.has("terminated")) {
          reason = "ExitCode:" + st.path("terminated").path("exitCode").asInt();
        } else if (st.has("running") && cs.path("ready").asBoolean()) {
          hasRunning = true;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = "Running";
      }
    }
    if (pod.path("metadata").has("deletionTimestamp")) {
      reason = "Terminating";
    }
    return reason;
  }

  private static String nodeStatus(JsonNode node) {
    String ready = "Unknown";
    for (JsonNode c : node.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        ready = c.path("status").asText().equals("True") ? "Ready" : "NotReady";
      }
    }
    if (ready.equals("Unknown")) {
      ready = "Unknown";
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      ready += ",SchedulingDisabled";
    }
    return ready;
  }

  private static String address(JsonNode status, String type) {
    for (JsonNode a : status.path("addresses")) {
      if (a.path("type").asText().equals(type)) {
        return a.path("address").asText();
      }
    }
    return "<none>";
  }

  private static void templateColumns(JsonNode spec, List<Object> v) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode c : spec.path("template").path("spec").path("containers")) {
      names.add(c.path("name").asText());
      images.add(c.path("image").asText());
    }
    v.add(String.join(",", names));
    v.add(String.join(",", images));
  }

  private static String selector(JsonNode sel) {
    List<String> parts = new ArrayList<>();
    Map<String, String> ml = new TreeMap<>();
    sel.path("matchLabels")
        .fields()
        .forEachRemaining(e -> ml.put(e.getKey(), e.getValue().asText()));
    ml.forEach((k, val) -> parts.add(k + "=" + val));
    for (JsonNode e : sel.path("matchExpressions")) {
      List<String> vals = new ArrayList<>();
      e.path("values").forEach(x -> vals.add(x.asText()));
      parts.add(
          e.path("key").asText()
              + " "
              + e.path("operator").asText().toLowerCase(java.util.Locale.ROOT)
              + " ("
              + String.join(",", vals)
              + ")");
    }
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }

  private static String selectorMap(JsonNode sel) {
    List<String> parts = new ArrayList<>();
    Map<String, String> ml = new TreeMap<>();
    sel.fields().forEachRemaining(e -> ml.put(e.getKey(), e.getValue().asText()));
    ml.forEach((k, val) -> parts.add(k + "=" + val));
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }

  private static String age(JsonNode ts, Instant now) {
    Instant t = Json.parseTime(ts);
    return t == null ? "<unknown>" : human(Duration.between(t, now));
  }

  /** kubectl's HumanDuration: 5s, 3m20s, 2d3h, 4y. */
  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      long rs = s % 60;
      return rs == 0 ? m + "m" : m + "m" + rs + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      long rm = m % 60;
      return rm == 0 ? h + "h" : h + "h" + rm + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (h < 24 * 8) {
      long rh = h % 24;
      return rh == 0 ? days + "d" : days + "d" + rh + "h";
    }
    if (days < 365 * 2) {
      return days + "d";
    }
    return days / 365 + "y";
  }

  private static Column col(String name, String type, String format, int priority, String d) {
    return new Column(name, type, format, priority, d);
  }

  private static Column age() {
    return col(
        "Age",
        "string",
        "",
        0,
        "CreationTimestamp is a timestamp representing the server time when this object was"
            + " created.");
  }
}
