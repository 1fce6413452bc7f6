package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.AdmissionPlugin;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;

/**
 * What the ServiceAccount and DefaultTolerationSeconds admission plugins do to a new pod: the
 * {@code default} service account when none is named (403 if the named one does not exist), its
 * image pull secrets when the pod has none, and, unless automounting is off on the pod or the
 * service account, the {@code kube-api-access-<5>} projected volume (token, kube-root-ca.crt,
 * namespace) mounted read-only at {@code /var/run/secrets/kubernetes.io/serviceaccount} in every
 * container that has nothing mounted there; plus the 300 s not-ready/unreachable tolerations.
 */
final class ServiceAccountAdmission implements AdmissionPlugin {
  static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

  @Override
  public void admit(
      Operation op, ResourceType type, String sub, ObjectNode pod, ObjectNode old, Store store) {
    if (op != Operation.CREATE || !type.plural().equals("pods") || !type.group().isEmpty()) {
      return;
    }
    if (pod.path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
      return;
    }
    ObjectNode spec = Json.child(pod, "spec");
    String saName = spec.path("serviceAccountName").asText("");
    if (saName.isEmpty()) {
      saName = spec.path("serviceAccount").asText("default");
    }
    spec.put("serviceAccountName", saName);
    spec.put("serviceAccount", saName);
    String ns = Json.namespace(pod);
    ResourceType sas = store.resources().require("", "serviceaccounts");
    String name = saName;
    ObjectNode sa =
        store
            .find(sas, ns, saName)
            .orElseThrow(
                () ->
                    ApiException.forbidden(
                        type,
                        Json.name(pod),
                        "error looking up service account "
                            + ns
                            + "/"
                            + name
                            + ": serviceaccount \""
                            + name
                            + "\" not found"));
    if (!spec.has("imagePullSecrets") && sa.path("imagePullSecrets").size() > 0) {
      spec.set("imagePullSecrets", sa.get("imagePullSecrets").deepCopy());
    }
    boolean automount =
        spec.has("automountServiceAccountToken")
            ? spec.get("automountServiceAccountToken").asBoolean()
            : sa.path("automountServiceAccountToken").asBoolean(true);
    if (automount) {
      mountToken(spec);
    }
    tolerations(spec);
  }

  private static void mountToken(ObjectNode spec) {
    String volume = "kube-api-access-" + Json.randomSuffix(5);
    boolean needed = false;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        if (!(c instanceof ObjectNode co) || mountsAt(co, MOUNT_PATH)) {
          continue;
        }
        ArrayNode mounts =
            co.get("volumeMounts") instanceof ArrayNode a ? a : co.putArray("volumeMounts");
        mounts.addObject().put("name", volume).put("readOnly", true).put("mountPath", MOUNT_PATH);
        needed = true;
      }
    }
    if (!needed) {
      return;
    }
    ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
    ObjectNode projected = volumes.addObject().put("name", volume).putObject("projected");
    ArrayNode sources = projected.putArray("sources");
    sources
        .addObject()
        .putObject("serviceAccountToken")
        .put("expirationSeconds", 3607)
        .put("path", "token");
    ObjectNode cm = sources.addObject().putObject("configMap");
    cm.put("name", "kube-root-ca.crt");
    cm.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
    sources
        .addObject()
        .putObject("downwardAPI")
        .putArray("items")
        .addObject()
        .put("path", "namespace")
        .putObject("fieldRef")
        .put("apiVersion", "v1")
        .put("fieldPath", "metadata.namespace");
    projected.put("defaultMode", 420);
  }

  private static boolean mountsAt(JsonNode container, String path) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("mountPath").asText().equals(path)) {
        return true;
      }
    }
    return false;
  }

  private static void tolerations(ObjectNode spec) {
    ArrayNode tols =
        spec.get("tolerations") instanceof ArrayNode a ? a : spec.putArray("tolerations");
    for (String key :
        new String[] {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
      boolean present = false;
      for (JsonNode t : tols) {
        String effect = t.path("effect").asText("");
        if (t.path("key").asText().equals(key)
            && (effect.isEmpty() || effect.equals("NoExecute"))) {
          present = true;
        }
      }
      if (!present) {
        tols.addObject()
            .put("key", key)
            .put("operator", "Exists")
            .put("effect", "NoExecute")
            .put("tolerationSeconds", 300);
      }
    }
  }
}
