package io.cubevk.adapter.fake.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.AdmissionPlugin;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.util.List;

/**
 * The DefaultStorageClass and StorageObjectInUseProtection admission plugins for new claims: the
 * default class when none is named, and the protection finalizer that keeps a claim while a pod
 * uses it.
 */
final class ClaimAdmission implements AdmissionPlugin {

  static final String PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
  static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

  @Override
  public void admit(
      Operation op,
      ResourceType type,
      String subresource,
      ObjectNode claim,
      ObjectNode old,
      Store store) {
    if (op != Operation.CREATE
        || !type.group().isEmpty()
        || !type.plural().equals("persistentvolumeclaims")) {
      return;
    }
    ObjectNode spec = Json.child(claim, "spec");
    // An explicit "" asks for no class at all: only an absent name gets the default.
    if (!spec.has("storageClassName") && !spec.hasNonNull("volumeName")) {
      ResourceType classes = store.resources().require("storage.k8s.io", "storageclasses");
      List<ObjectNode> defaults =
          store.list(
              classes,
              "",
              c ->
                  c.path("metadata")
                      .path("annotations")
                      .path(DEFAULT_CLASS)
                      .asText()
                      .equals("true"));
      if (defaults.size() == 1) {
        spec.put("storageClassName", Json.name(defaults.get(0)));
      }
    }
    ObjectNode meta = Json.meta(claim);
    ArrayNode finalizers =
        meta.get("finalizers") instanceof ArrayNode a ? a : meta.putArray("finalizers");
    for (JsonNode f : finalizers) {
      if (f.asText().equals(PROTECTION_FINALIZER)) {
        return;
      }
    }
    finalizers.add(PROTECTION_FINALIZER);
  }
}
