package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.time.Instant;
import java.util.List;

/** Small facts about Kubernetes objects that several controllers need. */
final class Kube {
  private Kube() {}

  /** {@code ns/name}. */
  static String key(JsonNode o) {
    return Json.namespace(o) + "/" + Json.name(o);
  }

  static String ns(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  /** The owner reference with {@code controller: true}, or a missing node. */
  static JsonNode controllerRef(JsonNode o) {
    for (JsonNode r : o.path("metadata").path("ownerReferences")) {
      if (r.path("controller").asBoolean(false)) {
        return r;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Whether {@code o} is controlled by the object with this uid. */
  static boolean controlledBy(JsonNode o, String uid) {
    return controllerRef(o).path("uid").asText("").equals(uid);
  }

  /** An owner reference naming {@code owner} as controller. */
  static ObjectNode ownerRef(JsonNode owner) {
    ObjectNode r = Json.object();
    r.put("apiVersion", owner.path("apiVersion").asText());
    r.put("kind", owner.path("kind").asText());
    r.put("name", Json.name(owner));
    r.put("uid", Json.uid(owner));
    r.put("controller", true);
    r.put("blockOwnerDeletion", true);
    return r;
  }

  static boolean terminating(JsonNode o) {
    return o.path("metadata").has("deletionTimestamp");
  }

  static String phase(JsonNode pod) {
    return pod.path("status").path("phase").asText("Pending");
  }

  static boolean finished(JsonNode pod) {
    String p = phase(pod);
    return p.equals("Succeeded") || p.equals("Failed");
  }

  static boolean ready(JsonNode pod) {
    return conditionTrue(pod, "Ready");
  }

  static boolean conditionTrue(JsonNode o, String type) {
    for (JsonNode c : o.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /** A pod object from a workload's template, owned by {@code owner}. */
  static ObjectNode podFromTemplate(JsonNode owner, JsonNode template) {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    meta.put("namespace", Json.namespace(owner));
    JsonNode tm = template.path("metadata");
    if (tm.has("labels")) {
      meta.set("labels", tm.get("labels").deepCopy());
    }
    if (tm.has("annotations")) {
      meta.set("annotations", tm.get("annotations").deepCopy());
    }
    meta.putArray("ownerReferences").add(ownerRef(owner));
    pod.set("spec", template.path("spec").deepCopy());
    return pod;
  }

  /**
   * Writes a status computed from the current object, only when it changed; a conflict or a
   * vanished object is left to the next reconcile.
   */
  static void writeStatus(Store store, ResourceType type, JsonNode current, ObjectNode status) {
    if (status.equals(current.path("status"))) {
      return;
    }
    try {
      store.mutate(
          type,
          Json.namespace(current),
          Json.name(current),
          "status",
          c -> {
            c.set("status", status);
            return c;
          },
          false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  /** Sets (or adds) a condition in a conditions array, keeping lastTransitionTime on no change. */
  static void condition(
      ObjectNode status, String type, String value, String reason, String message, Instant now) {
    ArrayNode conds =
        status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
    for (JsonNode c : conds) {
      if (c.path("type").asText().equals(type)) {
        ObjectNode co = (ObjectNode) c;
        if (!co.path("status").asText().equals(value)) {
          co.put("lastTransitionTime", Json.time(now));
        }
        co.put("status", value);
        co.put("reason", reason);
        co.put("message", message);
        co.put("lastUpdateTime", Json.time(now));
        return;
      }
    }
    ObjectNode c = conds.addObject();
    c.put("type", type);
    c.put("status", value);
    c.put("lastUpdateTime", Json.time(now));
    c.put("lastTransitionTime", Json.time(now));
    c.put("reason", reason);
    c.put("message", message);
  }

  /** Deletes, ignoring objects already gone. */
  static void deleteQuietly(Store store, ResourceType type, JsonNode o) {
    try {
      store.delete(
          type,
          Json.namespace(o),
          Json.name(o),
          io.cubevk.adapter.fake.apiserver.store.DeleteOptions.defaults());
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  /** Whether a pod tolerates a taint (NoSchedule and NoExecute taints matter for placement). */
  static boolean tolerates(JsonNode tolerations, JsonNode taint) {
    for (JsonNode t : tolerations) {
      String effect = t.path("effect").asText("");
      if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText())) {
        continue;
      }
      String op = t.path("operator").asText("Equal");
      String key = t.path("key").asText("");
      if (op.equals("Exists")) {
        if (key.isEmpty() || key.equals(taint.path("key").asText())) {
          return true;
        }
      } else if (key.equals(taint.path("key").asText())
          && t.path("value").asText("").equals(taint.path("value").asText(""))) {
        return true;
      }
    }
    return false;
  }

  /** The taints of a node that a pod with these tolerations does not tolerate. */
  static List<JsonNode> untolerated(JsonNode node, JsonNode tolerations) {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode taint : node.path("spec").path("taints")) {
      String effect = taint.path("effect").asText();
      if ((effect.equals("NoSchedule") || effect.equals("NoExecute"))
          && !tolerates(tolerations, taint)) {
        out.add(taint);
      }
    }
    return out;
  }

  /** Whether the node's labels satisfy a pod's nodeSelector. */
  static boolean selects(JsonNode nodeSelector, JsonNode node) {
    var labels = Json.labels(node);
    var it = nodeSelector.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
