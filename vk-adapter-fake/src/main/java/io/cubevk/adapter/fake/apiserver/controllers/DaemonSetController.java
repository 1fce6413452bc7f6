package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * DaemonSets → one pod per node whose labels match the template's nodeSelector and whose taints the
 * pod tolerates (with the tolerations the real controller adds for node conditions), placed by
 * setting {@code spec.nodeName}; pods on nodes that no longer qualify are deleted.
 */
final class DaemonSetController implements Controller {
  private static final String ALL = "*";
  private static final String[] CONDITION_TAINTS = {
    "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
    "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
    "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"
  };

  private final Store store;
  private final ResourceType sets;
  private final ResourceType pods;
  private final ResourceType nodes;
  private final EventRecorder events;

  DaemonSetController(Store store, EventRecorder events) {
    this.store = store;
    this.sets = store.resources().require("apps", "daemonsets");
    this.pods = store.resources().require("", "pods");
    this.nodes = store.resources().require("", "nodes");
    this.events = events;
  }

  @Override
  public String name() {
    return "daemonset";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == sets) {
      enqueue.accept(Kube.key(e.object()));
    } else if (e.resource() == nodes) {
      enqueue.accept(ALL);
    } else if (e.resource() == pods) {
      JsonNode ref = Kube.controllerRef(e.object());
      if (ref.path("kind").asText().equals("DaemonSet")) {
        enqueue.accept(Json.namespace(e.object()) + "/" + ref.path("name").asText());
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    enqueue.accept(ALL);
  }

  @Override
  public void reconcile(String key) {
    if (key.equals(ALL)) {
      for (ObjectNode ds : store.list(sets, "", o -> true)) {
        sync(ds);
      }
      return;
    }
    store.find(sets, Kube.ns(key), Kube.name(key)).ifPresent(this::sync);
  }

  private void sync(ObjectNode ds) {
    if (Kube.terminating(ds)) {
      return;
    }
    String uid = Json.uid(ds);
    Map<String, ObjectNode> byNode = new HashMap<>();
    List<ObjectNode> owned = store.list(pods, Json.namespace(ds), p -> Kube.controlledBy(p, uid));
    for (ObjectNode p : owned) {
      if (!Kube.terminating(p)) {
        byNode.put(p.path("spec").path("nodeName").asText(""), p);
      }
    }
    JsonNode template = ds.path("spec").path("template");
    ArrayNode tolerations =
        template.path("spec").path("tolerations").isArray()
            ? (ArrayNode) template.path("spec").path("tolerations").deepCopy()
            : Json.object().arrayNode();
    for (String t : CONDITION_TAINTS) {
      tolerations.addObject().put("key", t).put("operator", "Exists");
    }
    int desired = 0;
    for (ObjectNode node : store.list(nodes, "", n -> true)) {
      boolean fits =
          Kube.selects(template.path("spec").path("nodeSelector"), node)
              && Kube.untolerated(node, tolerations).isEmpty();
      String nodeName = Json.name(node);
      ObjectNode existing = byNode.remove(nodeName);
      if (fits) {
        desired++;
        if (existing == null) {
          ObjectNode pod = Kube.podFromTemplate(ds, template);
          Json.meta(pod).put("generateName", Json.name(ds) + "-");
          ObjectNode spec = Json.child(pod, "spec");
          spec.put("nodeName", nodeName);
          spec.set("tolerations", tolerations);
          ObjectNode created = store.create(pods, Json.namespace(ds), pod, false);
          byNode.remove(nodeName);
          events.record(
              ds,
              "Normal",
              "SuccessfulCreate",
              "Created pod: " + Json.name(created),
              "daemonset-controller");
        }
      } else if (existing != null) {
        Kube.deleteQuietly(store, pods, existing);
      }
    }
    for (ObjectNode stray : byNode.values()) {
      Kube.deleteQuietly(store, pods, stray);
    }
    int current = 0;
    int ready = 0;
    for (ObjectNode p : store.list(pods, Json.namespace(ds), p -> Kube.controlledBy(p, uid))) {
      if (!Kube.terminating(p)) {
        current++;
        if (Kube.ready(p)) {
          ready++;
        }
      }
    }
    ObjectNode status = Json.object();
    status.put("currentNumberScheduled", current);
    status.put("desiredNumberScheduled", desired);
    status.put("numberMisscheduled", 0);
    status.put("numberReady", ready);
    status.put("numberAvailable", ready);
    status.put("updatedNumberScheduled", current);
    status.put("observedGeneration", ds.path("metadata").path("generation").asLong(1));
    if (desired - ready > 0) {
      status.put("numberUnavailable", desired - ready);
    }
    Kube.writeStatus(store, sets, ds, status);
  }
}
