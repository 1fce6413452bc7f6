package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Deployments → ReplicaSets: the ReplicaSet of the current template is named {@code
 * <deployment>-<pod-template-hash>} (FNV-32a of the template, encoded as Kubernetes does), is
 * scaled to {@code spec.replicas}, and every older ReplicaSet is scaled to zero, so a changed
 * template replaces the pods. Revisions are counted in the {@code
 * deployment.kubernetes.io/revision} annotation; status sums the ReplicaSets'.
 */
final class DeploymentController implements Controller {
  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final String HASH = "pod-template-hash";

  private final Store store;
  private final ResourceType deployments;
  private final ResourceType replicaSets;
  private final EventRecorder events;

  DeploymentController(Store store, EventRecorder events) {
    this.store = store;
    this.deployments = store.resources().require("apps", "deployments");
    this.replicaSets = store.resources().require("apps", "replicasets");
    this.events = events;
  }

  @Override
  public String name() {
    return "deployment";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == deployments) {
      enqueue.accept(Kube.key(e.object()));
    } else if (e.resource() == replicaSets) {
      JsonNode ref = Kube.controllerRef(e.object());
      if (ref.path("kind").asText().equals("Deployment")) {
        enqueue.accept(Json.namespace(e.object()) + "/" + ref.path("name").asText());
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    store.list(deployments, "", o -> true).forEach(o -> enqueue.accept(Kube.key(o)));
  }

  /** Kubernetes' pod-template-hash: FNV-32a of the template, SafeEncodeString of its decimal. */
  static String templateHash(JsonNode template, int collisionCount) {
    byte[] bytes = Json.bytes(template);
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h ^= (b & 0xff);
      h *= 0x01000193;
    }
    if (collisionCount > 0) {
      for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8)) {
        h ^= (b & 0xff);
        h *= 0x01000193;
      }
    }
    return Json.safeEncode(Integer.toUnsignedString(h));
  }

  @Override
  public void reconcile(String key) {
    ObjectNode d = store.find(deployments, Kube.ns(key), Kube.name(key)).orElse(null);
    if (d == null || Kube.terminating(d)) {
      return;
    }
    String uid = Json.uid(d);
    List<ObjectNode> owned =
        store.list(replicaSets, Kube.ns(key), rs -> Kube.controlledBy(rs, uid));
    JsonNode template = d.path("spec").path("template");
    String hash = templateHash(template, d.path("status").path("collisionCount").asInt(0));
    int replicas = d.path("spec").path("replicas").asInt(1);
    ObjectNode current = null;
    long maxRevision = 0;
    for (ObjectNode rs : owned) {
      maxRevision = Math.max(maxRevision, revision(rs));
      if (hash.equals(Json.labels(rs).get(HASH))) {
        current = rs;
      }
    }
    if (current == null) {
      current = createReplicaSet(d, template, hash, replicas, maxRevision + 1);
      owned.add(current);
    } else if (current.path("spec").path("replicas").asInt(-1) != replicas) {
      scale(current, replicas);
    }
    for (ObjectNode rs : owned) {
      if (rs != current && rs.path("spec").path("replicas").asInt(0) != 0) {
        scale(rs, 0);
      }
    }
    String revision = String.valueOf(revision(current));
    if (!revision.equals(d.path("metadata").path("annotations").path(REVISION).asText(""))) {
      d =
          store.mutate(
              deployments,
              Json.namespace(d),
              Json.name(d),
              "",
              c -> {
                Json.child(Json.meta(c), "annotations").put(REVISION, revision);
                return c;
              },
              false);
    }
    writeStatus(d, owned, current, replicas);
  }

  private static long revision(JsonNode rs) {
    try {
      return Long.parseLong(rs.path("metadata").path("annotations").path(REVISION).asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private ObjectNode createReplicaSet(
      ObjectNode d, JsonNode template, String hash, int replicas, long revision) {
    ObjectNode rs = Json.object();
    rs.put("apiVersion", "apps/v1");
    rs.put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", Json.name(d) + "-" + hash);
    meta.put("namespace", Json.namespace(d));
    ObjectNode labels = meta.putObject("labels");
    template
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    labels.put(HASH, hash);
    ObjectNode ann = meta.putObject("annotations");
    ann.put(REVISION, String.valueOf(revision));
    ann.put("deployment.kubernetes.io/desired-replicas", String.valueOf(replicas));
    ann.put("deployment.kubernetes.io/max-replicas", String.valueOf(replicas));
    meta.putArray("ownerReferences").add(Kube.ownerRef(d));
    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", replicas);
    ObjectNode selector = d.path("spec").path("selector").deepCopy();
    Json.child(selector, "matchLabels").put(HASH, hash);
    spec.set("selector", selector);
    ObjectNode tpl = template.deepCopy();
    Json.child(Json.child(tpl, "metadata"), "labels").put(HASH, hash);
    spec.set("template", tpl);
    ObjectNode created;
    try {
      created = store.create(replicaSets, Json.namespace(d), rs, false);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
      // A ReplicaSet of that name exists but is not ours: count a collision and retry.
      store.mutate(
          deployments,
          Json.namespace(d),
          Json.name(d),
          "status",
          c -> {
            Json.child(c, "status")
                .put("collisionCount", c.path("status").path("collisionCount").asInt(0) + 1);
            return c;
          },
          false);
      throw e;
    }
    events.record(
        d,
        "Normal",
        "ScalingReplicaSet",
        "Scaled up replica set " + Json.name(created) + " from 0 to " + replicas,
        "deployment-controller");
    return created;
  }

  private void scale(ObjectNode rs, int replicas) {
    int from = rs.path("spec").path("replicas").asInt(0);
    ObjectNode scaled =
        store.mutate(
            replicaSets,
            Json.namespace(rs),
            Json.name(rs),
            "",
            c -> {
              Json.child(c, "spec").put("replicas", replicas);
              Json.child(Json.meta(c), "annotations")
                  .put("deployment.kubernetes.io/desired-replicas", String.valueOf(replicas));
              return c;
            },
            false);
    rs.setAll(scaled);
    JsonNode ref = Kube.controllerRef(rs);
    ObjectNode about = Json.object();
    about.put("kind", "Deployment").put("apiVersion", "apps/v1");
    about
        .putObject("metadata")
        .put("name", ref.path("name").asText())
        .put("namespace", Json.namespace(rs))
        .put("uid", ref.path("uid").asText());
    events.record(
        about,
        "Normal",
        "ScalingReplicaSet",
        "Scaled "
            + (replicas > from ? "up" : "down")
            + " replica set "
            + Json.name(rs)
            + " from "
            + from
            + " to "
            + replicas,
        "deployment-controller");
  }

  private void writeStatus(ObjectNode d, List<ObjectNode> owned, ObjectNode current, int want) {
    int replicas = 0;
    int ready = 0;
    int available = 0;
    for (ObjectNode rs : owned) {
      replicas += rs.path("status").path("replicas").asInt(0);
      ready += rs.path("status").path("readyReplicas").asInt(0);
      available += rs.path("status").path("availableReplicas").asInt(0);
    }
    int updated = current.path("status").path("replicas").asInt(0);
    Instant now = store.clock().instant();
    ObjectNode status =
        d.path("status").isObject() ? ((ObjectNode) d.get("status")).deepCopy() : Json.object();
    status.put("observedGeneration", d.path("metadata").path("generation").asLong(1));
    status.put("replicas", replicas);
    status.put("updatedReplicas", updated);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", available);
    if (want - available > 0) {
      status.put("unavailableReplicas", want - available);
    } else {
      status.remove("unavailableReplicas");
    }
    ObjectNode before = status.deepCopy();
    boolean availableOk = available >= want;
    Kube.condition(
        status,
        "Available",
        availableOk ? "True" : "False",
        availableOk ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        availableOk
            ? "Deployment has minimum availability."
            : "Deployment does not have minimum availability.",
        now);
    boolean done = updated == want && available >= want && replicas == want;
    Kube.condition(
        status,
        "Progressing",
        "True",
        done ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
        done
            ? "ReplicaSet \"" + Json.name(current) + "\" has successfully progressed."
            : "ReplicaSet \"" + Json.name(current) + "\" is progressing.",
        now);
    if (sameIgnoringTimes(before, status, d.path("status"))) {
      return;
    }
    Kube.writeStatus(store, deployments, d, status);
  }

  private static boolean sameIgnoringTimes(ObjectNode before, ObjectNode after, JsonNode old) {
    ObjectNode a = after.deepCopy();
    JsonNode o = old.deepCopy();
    for (JsonNode c : a.path("conditions")) {
      ((ObjectNode) c).remove("lastUpdateTime");
    }
    for (JsonNode c : o.path("conditions")) {
      ((ObjectNode) c).remove("lastUpdateTime");
    }
    return a.equals(o);
  }
}
