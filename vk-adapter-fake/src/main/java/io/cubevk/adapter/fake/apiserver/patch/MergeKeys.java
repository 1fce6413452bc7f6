package io.cubevk.adapter.fake.apiserver.patch;

import java.util.List;
import java.util.Map;

/**
 * The {@code patchStrategy}/{@code patchMergeKey} tags of the Kubernetes Go types, for the fields
 * of the kinds this server serves. A list not named here is replaced whole by a strategic merge
 * patch, as a list without a merge strategy is in Kubernetes.
 */
final class MergeKeys {

  enum Strategy {
    REPLACE,
    MERGE_BY_KEY,
    MERGE_PRIMITIVES
  }

  private static final Map<String, String> KEY_BY_FIELD =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("env", "name"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("resourceClaims", "name"),
          Map.entry("hostAliases", "ip"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("podIPs", "ip"),
          Map.entry("hostIPs", "ip"),
          Map.entry("topologySpreadConstraints", "topologyKey"));

  private MergeKeys() {}

  static Strategy strategy(Patches.Path path) {
    List<String> f = path.fields();
    String last = f.isEmpty() ? "" : f.get(f.size() - 1);
    if (last.equals("finalizers") && f.size() == 2 && f.get(0).equals("metadata")) {
      return Strategy.MERGE_PRIMITIVES;
    }
    return keyFor(path) == null ? Strategy.REPLACE : Strategy.MERGE_BY_KEY;
  }

  /** The merge key of the list at {@code path}, or null when the list is replaced. */
  static String keyFor(Patches.Path path) {
    List<String> f = path.fields();
    if (f.isEmpty()) {
      return null;
    }
    String last = f.get(f.size() - 1);
    String parent = f.size() > 1 ? f.get(f.size() - 2) : "";
    if (last.equals("ports")) {
      if (parent.equals("containers")
          || parent.equals("initContainers")
          || parent.equals("ephemeralContainers")) {
        return "containerPort";
      }
      if ("Service".equals(path.kind()) && f.size() == 2 && parent.equals("spec")) {
        return "port";
      }
      return null;
    }
    if (last.equals("addresses") && parent.equals("status")) {
      return "type";
    }
    if (last.equals("conditions") && !parent.equals("status")) {
      return null;
    }
    if (last.equals("env") && !isContainer(parent)) {
      return null;
    }
    return KEY_BY_FIELD.get(last);
  }

  private static boolean isContainer(String field) {
    return field.equals("containers")
        || field.equals("initContainers")
        || field.equals("ephemeralContainers");
  }
}
