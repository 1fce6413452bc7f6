package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.LabelSelector;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * ReplicaSets → Pods: creates pods from the template (named {@code <rs>-<5 random>}) until {@code
 * spec.replicas} are active, deletes the surplus (unscheduled first, then not ready, then the
 * newest), and reports replicas, ready and available counts.
 */
final class ReplicaSetController implements Controller {
  private final Store store;
  private final ResourceType replicaSets;
  private final ResourceType pods;
  private final EventRecorder events;

  ReplicaSetController(Store store, EventRecorder events) {
    this.store = store;
    this.replicaSets = store.resources().require("apps", "replicasets");
    this.pods = store.resources().require("", "pods");
    this.events = events;
  }

  @Override
  public String name() {
    return "replicaset";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == replicaSets) {
      enqueue.accept(Kube.key(e.object()));
    } else if (e.resource() == pods) {
      JsonNode ref = Kube.controllerRef(e.object());
      if (ref.path("kind").asText().equals("ReplicaSet")) {
        enqueue.accept(Json.namespace(e.object()) + "/" + ref.path("name").asText());
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    store.list(replicaSets, "", o -> true).forEach(o -> enqueue.accept(Kube.key(o)));
  }

  @Override
  public void reconcile(String key) {
    ObjectNode rs = store.find(replicaSets, Kube.ns(key), Kube.name(key)).orElse(null);
    if (rs == null) {
      return;
    }
    String uid = Json.uid(rs);
    List<ObjectNode> owned = store.list(pods, Kube.ns(key), p -> Kube.controlledBy(p, uid));
    List<ObjectNode> active = new ArrayList<>();
    for (ObjectNode p : owned) {
      if (!Kube.terminating(p) && !Kube.finished(p)) {
        active.add(p);
      }
    }
    if (!Kube.terminating(rs)) {
      int want = rs.path("spec").path("replicas").asInt(1);
      int diff = want - active.size();
      if (diff > 0) {
        JsonNode template = rs.path("spec").path("template");
        for (int i = 0; i < Math.min(diff, 500); i++) {
          ObjectNode pod = Kube.podFromTemplate(rs, template);
          Json.meta(pod).put("generateName", Json.name(rs) + "-");
          ObjectNode created = store.create(pods, Json.namespace(rs), pod, false);
          active.add(created);
          events.record(
              rs,
              "Normal",
              "SuccessfulCreate",
              "Created pod: " + Json.name(created),
              "replicaset-controller");
        }
      } else if (diff < 0) {
        active.sort(
            Comparator.comparing(
                    (ObjectNode p) -> !p.path("spec").path("nodeName").asText("").isEmpty())
                .thenComparing(Kube::ready)
                .thenComparing(
                    (ObjectNode p) -> p.path("metadata").path("creationTimestamp").asText(),
                    Comparator.reverseOrder()));
        for (ObjectNode p : active.subList(0, -diff)) {
          Kube.deleteQuietly(store, pods, p);
          events.record(
              rs,
              "Normal",
              "SuccessfulDelete",
              "Deleted pod: " + Json.name(p),
              "replicaset-controller");
        }
        active = new ArrayList<>(active.subList(-diff, active.size()));
      }
    }
    LabelSelector sel = LabelSelector.ofObject(rs.path("spec").path("selector"));
    int ready = 0;
    int labelled = 0;
    for (ObjectNode p : active) {
      if (Kube.ready(p)) {
        ready++;
      }
      if (sel.matchesObject(p)) {
        labelled++;
      }
    }
    ObjectNode status = Json.object();
    status.put("replicas", active.size());
    status.put("fullyLabeledReplicas", labelled);
    if (ready > 0) {
      status.put("readyReplicas", ready);
      status.put("availableReplicas", ready);
    }
    status.put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
    Kube.writeStatus(store, replicaSets, rs, status);
  }
}
