package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * StatefulSets → ordered pods {@code <name>-0…<name>-(n-1)} with stable hostnames and one
 * PersistentVolumeClaim per claim template and pod ({@code <template>-<name>-<i>}, kept when the
 * pod goes). With the default OrderedReady policy a pod is created only when every lower ordinal is
 * Running and Ready, and scale-down removes the highest ordinal first, one at a time; with Parallel
 * all are created or removed at once.
 */
final class StatefulSetController implements Controller {
  private final Store store;
  private final ResourceType sets;
  private final ResourceType pods;
  private final ResourceType claims;
  private final EventRecorder events;

  StatefulSetController(Store store, EventRecorder events) {
    this.store = store;
    this.sets = store.resources().require("apps", "statefulsets");
    this.pods = store.resources().require("", "pods");
    this.claims = store.resources().require("", "persistentvolumeclaims");
    this.events = events;
  }

  @Override
  public String name() {
    return "statefulset";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == sets) {
      enqueue.accept(Kube.key(e.object()));
    } else if (e.resource() == pods) {
      JsonNode ref = Kube.controllerRef(e.object());
      if (ref.path("kind").asText().equals("StatefulSet")) {
        enqueue.accept(Json.namespace(e.object()) + "/" + ref.path("name").asText());
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    store.list(sets, "", o -> true).forEach(o -> enqueue.accept(Kube.key(o)));
  }

  @Override
  public void reconcile(String key) {
    ObjectNode sts = store.find(sets, Kube.ns(key), Kube.name(key)).orElse(null);
    if (sts == null) {
      return;
    }
    String name = Json.name(sts);
    String uid = Json.uid(sts);
    Map<Integer, ObjectNode> byOrdinal = new HashMap<>();
    for (ObjectNode p : store.list(pods, Kube.ns(key), p -> Kube.controlledBy(p, uid))) {
      String pn = Json.name(p);
      if (pn.startsWith(name + "-")) {
        try {
          byOrdinal.put(Integer.parseInt(pn.substring(name.length() + 1)), p);
        } catch (NumberFormatException e) {
          // not one of ours by name; ignored as the real controller does
        }
      }
    }
    int replicas = sts.path("spec").path("replicas").asInt(1);
    boolean ordered =
        !sts.path("spec").path("podManagementPolicy").asText("OrderedReady").equals("Parallel");
    String revision =
        name + "-" + DeploymentController.templateHash(sts.path("spec").path("template"), 0);
    if (!Kube.terminating(sts)) {
      for (int i = 0; i < replicas; i++) {
        ObjectNode p = byOrdinal.get(i);
        if (p == null) {
          byOrdinal.put(i, createPod(sts, i, revision));
          if (ordered) {
            break;
          }
        } else if (ordered
            && (Kube.terminating(p) || !Kube.ready(p) || !Kube.phase(p).equals("Running"))) {
          break;
        }
      }
      int highest = byOrdinal.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
      for (int i = highest; i >= replicas; i--) {
        ObjectNode p = byOrdinal.get(i);
        if (p == null) {
          continue;
        }
        if (!Kube.terminating(p)) {
          Kube.deleteQuietly(store, pods, p);
          events.record(
              sts,
              "Normal",
              "SuccessfulDelete",
              "delete Pod " + Json.name(p) + " in StatefulSet " + name + " successful",
              "statefulset-controller");
        }
        if (ordered) {
          break;
        }
      }
    }
    int ready = 0;
    int current = 0;
    for (ObjectNode p : byOrdinal.values()) {
      if (Kube.terminating(p)) {
        continue;
      }
      current++;
      if (Kube.ready(p)) {
        ready++;
      }
    }
    ObjectNode status = Json.object();
    status.put("observedGeneration", sts.path("metadata").path("generation").asLong(1));
    status.put("replicas", current);
    status.put("readyReplicas", ready);
    status.put("currentReplicas", current);
    status.put("updatedReplicas", current);
    status.put("availableReplicas", ready);
    status.put("currentRevision", revision);
    status.put("updateRevision", revision);
    status.put("collisionCount", 0);
    Kube.writeStatus(store, sets, sts, status);
  }

  private ObjectNode createPod(ObjectNode sts, int ordinal, String revision) {
    String name = Json.name(sts);
    String podName = name + "-" + ordinal;
    ObjectNode pod = Kube.podFromTemplate(sts, sts.path("spec").path("template"));
    ObjectNode meta = Json.meta(pod);
    meta.put("name", podName);
    ObjectNode labels = Json.child(meta, "labels");
    labels.put("statefulset.kubernetes.io/pod-name", podName);
    labels.put("apps.kubernetes.io/pod-index", String.valueOf(ordinal));
    labels.put("controller-revision-hash", revision);
    ObjectNode spec = Json.child(pod, "spec");
    spec.put("hostname", podName);
    String service = sts.path("spec").path("serviceName").asText("");
    if (!service.isEmpty()) {
      spec.put("subdomain", service);
    }
    for (JsonNode tmpl : sts.path("spec").path("volumeClaimTemplates")) {
      String claimName = Json.name(tmpl) + "-" + podName;
      ensureClaim(sts, tmpl, claimName);
      ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
      volumes
          .addObject()
          .put("name", Json.name(tmpl))
          .putObject("persistentVolumeClaim")
          .put("claimName", claimName);
    }
    try {
      ObjectNode created = store.create(pods, Json.namespace(sts), pod, false);
      events.record(
          sts,
          "Normal",
          "SuccessfulCreate",
          "create Pod " + podName + " in StatefulSet " + name + " successful",
          "statefulset-controller");
      return created;
    } catch (ApiException e) {
      if (e.code() == 409) {
        // A pod of the old incarnation is still terminating; try again when it is gone.
        return store.get(pods, Json.namespace(sts), podName);
      }
      throw e;
    }
  }

  private void ensureClaim(ObjectNode sts, JsonNode tmpl, String claimName) {
    if (store.find(claims, Json.namespace(sts), claimName).isPresent()) {
      return;
    }
    ObjectNode pvc = Json.object();
    pvc.put("apiVersion", "v1");
    pvc.put("kind", "PersistentVolumeClaim");
    ObjectNode meta = pvc.putObject("metadata");
    meta.put("name", claimName);
    meta.put("namespace", Json.namespace(sts));
    ObjectNode labels = meta.putObject("labels");
    sts.path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    pvc.set("spec", tmpl.path("spec").deepCopy());
    List.of(pvc);
    store.create(claims, Json.namespace(sts), pvc, false);
  }
}
