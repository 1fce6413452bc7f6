package io.cubevk.adapter.k8s.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON merge patch that turns a pod's current status into the desired one, carrying only the
 * fields cube-vk owns that differ (the API server is the shared bottleneck: targets.md allows ≤ 4
 * writes per pod lifecycle, and a patch of unchanged fields is a write too).
 *
 * <p>Both sides are compared as the same Gson renders them, so a time read back from the API server
 * equals the time that was written. Lists are replaced whole (merge patch semantics); within a
 * container status only the fields cube-vk writes are compared and sent, so fields another writer
 * added (or client-java's empty defaults) do not make every comparison differ. Where the desired
 * status has no pod IP or start time, the current ones stay (kubelet never takes them back).
 */
final class StatusDiff {

  private static final List<String> OWNED =
      List.of(
          "phase",
          "reason",
          "message",
          "podIP",
          "podIPs",
          "startTime",
          "conditions",
          "initContainerStatuses",
          "containerStatuses");

  private static final Set<String> KEPT_WHEN_ABSENT = Set.of("podIP", "podIPs", "startTime");

  private static final Set<String> CONTAINER_LISTS =
      Set.of("initContainerStatuses", "containerStatuses");

  private static final List<String> CONTAINER_FIELDS =
      List.of(
          "name",
          "image",
          "imageID",
          "containerID",
          "ready",
          "started",
          "restartCount",
          "state",
          "lastState");

  private StatusDiff() {}

  /**
   * The {@code status} object of the patch, or empty when nothing differs.
   *
   * @param current the pod's status now, or null
   */
  static Optional<JsonObject> diff(Gson gson, V1PodStatus current, V1PodStatus desired) {
    JsonObject now =
        current == null ? new JsonObject() : gson.toJsonTree(current).getAsJsonObject();
    JsonObject want = gson.toJsonTree(desired).getAsJsonObject();
    JsonObject patch = new JsonObject();
    for (String field : OWNED) {
      JsonElement wanted = normalise(want.get(field));
      JsonElement existing = normalise(now.get(field));
      if (wanted == null && KEPT_WHEN_ABSENT.contains(field)) {
        continue;
      }
      if (CONTAINER_LISTS.contains(field)) {
        // client-java's models start with empty maps and lists (allocatedResources,
        // volumeMounts…): neither side's extras are compared, nor sent.
        existing = existing == null ? null : project(existing.getAsJsonArray());
        wanted = wanted == null ? null : project(wanted.getAsJsonArray());
      }
      if (wanted == null ? existing != null : !wanted.equals(existing)) {
        patch.add(field, wanted == null ? JsonNull.INSTANCE : wanted);
      }
    }
    return patch.size() == 0 ? Optional.empty() : Optional.of(patch);
  }

  /** Absent, null and an empty list all mean "none". */
  private static JsonElement normalise(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonArray() && e.getAsJsonArray().isEmpty()) {
      return null;
    }
    return e;
  }

  private static JsonArray project(JsonArray statuses) {
    JsonArray out = new JsonArray();
    for (JsonElement element : statuses) {
      if (!element.isJsonObject()) {
        out.add(element);
        continue;
      }
      JsonObject status = element.getAsJsonObject();
      JsonObject projected = new JsonObject();
      for (String field : CONTAINER_FIELDS) {
        if (status.has(field) && !status.get(field).isJsonNull()) {
          projected.add(field, status.get(field));
        }
      }
      out.add(projected);
    }
    return out;
  }
}
