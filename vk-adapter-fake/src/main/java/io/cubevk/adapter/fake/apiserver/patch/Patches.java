package io.cubevk.adapter.fake.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch formats of the Kubernetes API: JSON patch (RFC 6902, applied by zjsonpatch), JSON
 * merge patch (RFC 7386) and strategic merge patch, the last with the patch merge keys of the core
 * and apps types (see {@link MergeKeys}) and its directives ({@code $patch}, {@code $retainKeys},
 * {@code $setElementOrder/…}, {@code $deleteFromPrimitiveList/…}, null deletes).
 */
public final class Patches {

  /** {@code application/json-patch+json}. */
  public static final String JSON_PATCH = "application/json-patch+json";

  /** {@code application/merge-patch+json}. */
  public static final String MERGE_PATCH = "application/merge-patch+json";

  /** {@code application/strategic-merge-patch+json}. */
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  /** {@code application/apply-patch+yaml}: server-side apply, not served. */
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private Patches() {}

  /**
   * Applies a patch of the given content type to a copy of {@code target}.
   *
   * @param contentType the request's Content-Type (parameters ignored)
   * @param kind the target's kind, which picks Service's port merge key
   * @param target the current object (not modified)
   * @param patch the parsed patch document
   * @return the patched object
   * @throws ApiException 415 for an unknown or unsupported type, 400 or 422 for a bad patch
   */
  public static ObjectNode apply(
      String contentType, String kind, ObjectNode target, JsonNode patch) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode result =
        switch (type) {
          case JSON_PATCH -> jsonPatch(target, patch);
          case MERGE_PATCH -> mergePatch(target.deepCopy(), patch);
          case STRATEGIC_MERGE_PATCH -> {
            if (!patch.isObject()) {
              throw ApiException.badRequest("a strategic merge patch must be a JSON object");
            }
            yield strategicMerge(target, (ObjectNode) patch, kind);
          }
          case APPLY_PATCH ->
              throw ApiException.of(
                  415,
                  "UnsupportedMediaType",
                  "the body of the request was in an unknown format - accepted media types include: "
                      + JSON_PATCH
                      + ", "
                      + MERGE_PATCH
                      + ", "
                      + STRATEGIC_MERGE_PATCH
                      + " (server-side apply is not supported by this server; use client-side"
                      + " kubectl apply)");
          default ->
              throw ApiException.of(
                  415,
                  "UnsupportedMediaType",
                  "the body of the request was in an unknown format ("
                      + type
                      + ") - accepted media types include: "
                      + JSON_PATCH
                      + ", "
                      + MERGE_PATCH
                      + ", "
                      + STRATEGIC_MERGE_PATCH);
        };
    if (!(result instanceof ObjectNode o)) {
      throw ApiException.badRequest("the patch turned the object into a non-object");
    }
    return o;
  }

  /** RFC 6902, applied by zjsonpatch; a failed test or bad path is a 422 as on the real server. */
  public static JsonNode jsonPatch(ObjectNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw ApiException.badRequest("a JSON patch must be an array of operations");
    }
    try {
      return JsonPatch.apply(patch, target);
    } catch (JsonPatchApplicationException | IllegalArgumentException e) {
      throw ApiException.of(
          422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
    }
  }

  /** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  /** Strategic merge patch of {@code original} (not modified) by {@code patch}. */
  public static ObjectNode strategicMerge(ObjectNode original, ObjectNode patch, String kind) {
    JsonNode r = mergeMap(original, patch, new Path(kind, List.of()));
    return r instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  /** Where in the object a merge is, for the merge-key lookup. */
  record Path(String kind, List<String> fields) {
    Path child(String f) {
      List<String> n = new ArrayList<>(fields);
      n.add(f);
      return new Path(kind, n);
    }
  }

  private static JsonNode mergeMap(JsonNode original, ObjectNode patch, Path path) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("replace")) {
      return clean(patch);
    }
    if (directive.equals("delete")) {
      return null;
    }
    ObjectNode out =
        original instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    List<String> retain = null;
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    List<Map.Entry<String, JsonNode>> orders = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> deletions = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      JsonNode pv = e.getValue();
      if (f.equals("$patch")) {
        continue;
      }
      if (f.equals("$retainKeys")) {
        retain = new ArrayList<>();
        for (JsonNode k : pv) {
          retain.add(k.asText());
        }
        continue;
      }
      if (f.startsWith("$setElementOrder/")) {
        orders.add(e);
        continue;
      }
      if (f.startsWith("$deleteFromPrimitiveList/")) {
        deletions.add(e);
        continue;
      }
      if (pv.isNull()) {
        out.remove(f);
      } else if (pv.isObject()) {
        JsonNode merged = mergeMap(out.get(f), (ObjectNode) pv, path.child(f));
        if (merged == null) {
          out.remove(f);
        } else {
          out.set(f, merged);
        }
      } else if (pv.isArray()) {
        out.set(f, mergeList(out.get(f), (ArrayNode) pv, path.child(f)));
      } else {
        out.set(f, pv.deepCopy());
      }
    }
    for (Map.Entry<String, JsonNode> d : deletions) {
      String f = d.getKey().substring("$deleteFromPrimitiveList/".length());
      if (out.get(f) instanceof ArrayNode arr) {
        Set<JsonNode> gone = new LinkedHashSet<>();
        d.getValue().forEach(gone::add);
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        arr.forEach(
            v -> {
              if (!gone.contains(v)) {
                kept.add(v);
              }
            });
        out.set(f, kept);
      }
    }
    for (Map.Entry<String, JsonNode> o : orders) {
      String f = o.getKey().substring("$setElementOrder/".length());
      if (out.get(f) instanceof ArrayNode arr) {
        out.set(f, reorder(arr, (ArrayNode) o.getValue(), MergeKeys.keyFor(path.child(f))));
      }
    }
    if (retain != null) {
      List<String> names = new ArrayList<>();
      out.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (!retain.contains(n)) {
          out.remove(n);
        }
      }
    }
    return out;
  }

  private static JsonNode mergeList(JsonNode original, ArrayNode patch, Path path) {
    MergeKeys.Strategy strategy = MergeKeys.strategy(path);
    if (strategy == MergeKeys.Strategy.REPLACE) {
      return clean(patch);
    }
    ArrayNode orig =
        original instanceof ArrayNode a ? a.deepCopy() : JsonNodeFactory.instance.arrayNode();
    if (strategy == MergeKeys.Strategy.MERGE_PRIMITIVES) {
      Set<JsonNode> seen = new LinkedHashSet<>();
      orig.forEach(seen::add);
      for (JsonNode p : patch) {
        if (!seen.contains(p)) {
          orig.add(p.deepCopy());
          seen.add(p);
        }
      }
      return orig;
    }
    String key = MergeKeys.keyFor(path);
    for (JsonNode p : patch) {
      if (p.isObject() && p.path("$patch").asText("").equals("replace")) {
        ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
        for (JsonNode q : patch) {
          if (!(q.isObject() && q.has("$patch"))) {
            replaced.add(clean(q));
          }
        }
        return replaced;
      }
    }
    for (JsonNode p : patch) {
      if (!p.isObject()) {
        orig.add(p.deepCopy());
        continue;
      }
      JsonNode k = p.get(key);
      int idx = k == null ? -1 : indexOf(orig, key, k);
      if (p.path("$patch").asText("").equals("delete")) {
        while (idx >= 0) {
          orig.remove(idx);
          idx = indexOf(orig, key, k);
        }
        continue;
      }
      if (idx >= 0) {
        JsonNode merged = mergeMap(orig.get(idx), (ObjectNode) p, path);
        if (merged == null) {
          orig.remove(idx);
        } else {
          orig.set(idx, merged);
        }
      } else {
        JsonNode added = mergeMap(null, (ObjectNode) p, path);
        if (added != null) {
          orig.add(added);
        }
      }
    }
    return orig;
  }

  private static ArrayNode reorder(ArrayNode list, ArrayNode order, String key) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    List<JsonNode> rest = new ArrayList<>();
    list.forEach(rest::add);
    for (JsonNode o : order) {
      JsonNode want = key != null && o.isObject() ? o.get(key) : o;
      Iterator<JsonNode> it = rest.iterator();
      while (it.hasNext()) {
        JsonNode item = it.next();
        JsonNode have = key != null && item.isObject() ? item.get(key) : item;
        if (want != null && want.equals(have)) {
          out.add(item);
          it.remove();
          break;
        }
      }
    }
    rest.forEach(out::add);
    return out;
  }

  private static int indexOf(ArrayNode arr, String key, JsonNode value) {
    for (int i = 0; i < arr.size(); i++) {
      JsonNode el = arr.get(i);
      if (el.isObject() && value.equals(el.get(key))) {
        return i;
      }
    }
    return -1;
  }

  /** A patch value without directives, for values the patch adds whole. */
  private static JsonNode clean(JsonNode n) {
    if (n instanceof ObjectNode o) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      o.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().startsWith("$")) {
                  out.set(e.getKey(), clean(e.getValue()));
                }
              });
      return out;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      a.forEach(x -> out.add(clean(x)));
      return out;
    }
    return n.deepCopy();
  }
}
