package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A minimal default-scheduler: binds a pending pod with no nodeName to a Ready, schedulable node
 * whose labels match its nodeSelector and whose NoSchedule/NoExecute taints it tolerates, below the
 * node's pods capacity, preferring the emptiest node. A pod that fits nowhere stays Pending with
 * PodScheduled=False (reason Unschedulable) and a FailedScheduling event that says why, in the real
 * scheduler's words; it is retried whenever a node changes or a bound pod goes away.
 */
final class Scheduler implements Controller {
  static final String ALL_PENDING = "*";

  private final Store store;
  private final ResourceType pods;
  private final ResourceType nodes;
  private final EventRecorder events;

  Scheduler(Store store, EventRecorder events) {
    this.store = store;
    this.pods = store.resources().require("", "pods");
    this.nodes = store.resources().require("", "nodes");
    this.events = events;
  }

  @Override
  public String name() {
    return "scheduler";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == nodes) {
      enqueue.accept(ALL_PENDING);
    } else if (e.resource() == pods) {
      JsonNode pod = e.object();
      if (e.type().equals("DELETED")
          || (Kube.finished(pod) && e.previous() != null && !Kube.finished(e.previous()))) {
        if (!pod.path("spec").path("nodeName").asText("").isEmpty()) {
          enqueue.accept(ALL_PENDING); // capacity freed
        }
      } else if (wantsScheduling(pod)) {
        enqueue.accept(Kube.key(pod));
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    enqueue.accept(ALL_PENDING);
  }

  private static boolean wantsScheduling(JsonNode pod) {
    return pod.path("spec").path("nodeName").asText("").isEmpty()
        && pod.path("spec")
            .path("schedulerName")
            .asText("default-scheduler")
            .equals("default-scheduler")
        && !Kube.terminating(pod)
        && !Kube.finished(pod);
  }

  @Override
  public void reconcile(String key) {
    List<ObjectNode> nodeList = store.list(nodes, "", n -> true);
    Map<String, Integer> counts = podCounts();
    if (key.equals(ALL_PENDING)) {
      for (ObjectNode p : store.list(pods, "", Scheduler::wantsScheduling)) {
        schedule(p, nodeList, counts);
      }
    } else {
      store
          .find(pods, Kube.ns(key), Kube.name(key))
          .filter(Scheduler::wantsScheduling)
          .ifPresent(p -> schedule(p, nodeList, counts));
    }
  }

  private Map<String, Integer> podCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode p : store.listShared(pods, "", p -> true, 0, null).items()) {
      String node = p.path("spec").path("nodeName").asText("");
      if (!node.isEmpty() && !Kube.finished(p)) {
        counts.merge(node, 1, Integer::sum);
      }
    }
    return counts;
  }

  private void schedule(ObjectNode pod, List<ObjectNode> nodeList, Map<String, Integer> counts) {
    JsonNode spec = pod.path("spec");
    Map<String, Integer> reasons = new LinkedHashMap<>();
    ObjectNode best = null;
    for (ObjectNode node : nodeList) {
      String why = unfit(spec, node, counts.getOrDefault(Json.name(node), 0));
      if (why != null) {
        reasons.merge(why, 1, Integer::sum);
      } else if (best == null
          || counts.getOrDefault(Json.name(node), 0) < counts.getOrDefault(Json.name(best), 0)) {
        best = node;
      }
    }
    if (best != null) {
      bind(pod, Json.name(best));
      counts.merge(Json.name(best), 1, Integer::sum);
      return;
    }
    List<String> parts = new ArrayList<>();
    reasons.forEach((why, n) -> parts.add(n + " " + why));
    String message =
        "0/"
            + nodeList.size()
            + " nodes are available"
            + (parts.isEmpty() ? "." : ": " + String.join(", ", parts) + ".")
            + " preemption: 0/"
            + nodeList.size()
            + " nodes are available: "
            + nodeList.size()
            + " Preemption is not helpful for scheduling.";
    markUnschedulable(pod, message);
  }

  private static String unfit(JsonNode spec, JsonNode node, int podsOnNode) {
    // The order of the real scheduler's filters decides which reason a node is counted under.
    if (!Kube.conditionTrue(node, "Ready")) {
      return "node(s) were not ready";
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      return "node(s) were unschedulable";
    }
    List<JsonNode> taints = Kube.untolerated(node, spec.path("tolerations"));
    if (!taints.isEmpty()) {
      JsonNode t = taints.get(0);
      return "node(s) had untolerated taint {"
          + t.path("key").asText()
          + ": "
          + t.path("value").asText("")
          + "}";
    }
    if (!Kube.selects(spec.path("nodeSelector"), node)) {
      return "node(s) didn't match Pod's node affinity/selector";
    }
    int capacity =
        parseCount(
            node.path("status").path("allocatable").path("pods").asText(""),
            parseCount(node.path("status").path("capacity").path("pods").asText(""), 110));
    if (podsOnNode >= capacity) {
      return "Too many pods";
    }
    return null;
  }

  private static int parseCount(String s, int dflt) {
    try {
      return s.isEmpty() ? dflt : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private void bind(ObjectNode pod, String node) {
    Instant now = store.clock().instant();
    try {
      store.mutate(
          pods,
          Json.namespace(pod),
          Json.name(pod),
          "binding",
          c -> {
            if (!c.path("spec").path("nodeName").asText("").isEmpty()) {
              return c;
            }
            Json.child(c, "spec").put("nodeName", node);
            ObjectNode status = Json.child(c, "status");
            status.remove("nominatedNodeName");
            setPodScheduled(status, "True", "", "", now);
            return c;
          },
          false);
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        throw e;
      }
      return;
    }
    events.record(
        pod,
        "Normal",
        "Scheduled",
        "Successfully assigned " + Json.namespace(pod) + "/" + Json.name(pod) + " to " + node,
        "default-scheduler");
  }

  private void markUnschedulable(ObjectNode pod, String message) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("PodScheduled")
          && c.path("status").asText().equals("False")
          && c.path("message").asText().equals(message)) {
        return; // already said; no write, no event
      }
    }
    Instant now = store.clock().instant();
    try {
      store.mutate(
          pods,
          Json.namespace(pod),
          Json.name(pod),
          "status",
          c -> {
            setPodScheduled(Json.child(c, "status"), "False", "Unschedulable", message, now);
            return c;
          },
          false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
      return;
    }
    events.record(pod, "Warning", "FailedScheduling", message, "default-scheduler");
  }

  private static void setPodScheduled(
      ObjectNode status, String value, String reason, String message, Instant now) {
    var conds =
        status.get("conditions") instanceof com.fasterxml.jackson.databind.node.ArrayNode a
            ? a
            : status.putArray("conditions");
    ObjectNode cond = null;
    for (JsonNode c : conds) {
      if (c.path("type").asText().equals("PodScheduled")) {
        cond = (ObjectNode) c;
      }
    }
    if (cond == null) {
      cond = conds.addObject();
      cond.put("type", "PodScheduled");
    }
    if (!cond.path("status").asText().equals(value)) {
      cond.put("lastTransitionTime", Json.time(now));
    }
    cond.put("status", value);
    cond.putNull("lastProbeTime");
    if (reason.isEmpty()) {
      cond.remove("reason");
      cond.remove("message");
    } else {
      cond.put("reason", reason);
      cond.put("message", message);
    }
  }
}
