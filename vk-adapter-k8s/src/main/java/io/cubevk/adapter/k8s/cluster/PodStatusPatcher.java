package io.cubevk.adapter.k8s.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.PodStatusWriter;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes pod status through {@code pods/status} as a JSON merge patch of the changed fields only
 * (see {@link StatusDiff}), and nothing when nothing changed.
 *
 * <p>The comparison is with the informer's copy, except right after a write: until the informer has
 * seen the pod move past the version the last patch started from, the patch's answer is the better
 * copy (otherwise a second step before the watch event arrives would send the same fields again).
 * The patch carries the pod's uid, which the API server checks, so a pod re-created under the same
 * name never gets the old pod's status.
 */
final class PodStatusPatcher implements PodStatusWriter {

  private final ServedPods pods;
  private final Requests requests;
  private final CoreV1Api core;
  private final Gson gson;
  private final Map<PodUid, Written> lastWritten = new ConcurrentHashMap<>();

  PodStatusPatcher(ServedPods pods, Requests requests, CoreV1Api core) {
    this.pods = pods;
    this.requests = requests;
    this.core = core;
    this.gson = requests.client().getJSON().getGson();
    pods.onDeleted(lastWritten::remove);
  }

  @Override
  public boolean write(PodView pod, PodStatus status) {
    Optional<V1Pod> cached = pods.object(pod.uid());
    if (cached.isEmpty()) {
      return false; // gone: there is no status to write any more
    }
    V1Pod current = cached.get();
    String version = Informers.version(current);
    Written written = lastWritten.get(pod.uid());
    V1PodStatus base =
        written != null && Objects.equals(written.baseVersion, version)
            ? written.answer.getStatus()
            : current.getStatus();
    V1PodStatus desired = PodStatusMapper.toV1(status, base);
    Optional<JsonObject> changed = StatusDiff.diff(gson, base, desired);
    if (changed.isEmpty()) {
      return false;
    }
    JsonObject metadata = new JsonObject();
    metadata.addProperty("uid", pod.uid().value());
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    patch.add("status", changed.get());
    String what = "PATCH pods/status " + pod.key();
    V1Pod answer;
    try {
      answer =
          requests.patch(
              what,
              () ->
                  core.patchNamespacedPodStatus(
                          pod.name(), pod.namespace(), new V1Patch(gson.toJson(patch)))
                      .buildCall(null),
              V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
              V1Pod.class);
    } catch (ClusterFailure.NotFound gone) {
      lastWritten.remove(pod.uid());
      return false;
    }
    if (answer != null && pod.uid().value().equals(ServedPods.uidOf(answer))) {
      lastWritten.put(pod.uid(), new Written(version, answer));
    }
    return true;
  }

  private record Written(String baseVersion, V1Pod answer) {}
}
