package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI v3 documents kubectl reads before create and apply: the index at {@code /openapi/v3}
 * and, per group/version, a PATCH operation on every item path carrying its group-version-kind and
 * the {@code fieldValidation} query parameter, so that kubectl validates on the server instead of
 * downloading schemas. No strategic-merge request body is declared: without full schemas kubectl
 * would warn, and it computes apply patches from its built-in types.
 */
final class OpenApi {
  private final Map<String, byte[]> documents = new LinkedHashMap<>();
  private final Map<String, String> hashes = new LinkedHashMap<>();

  OpenApi(Resources resources) {
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    for (ResourceType t : resources.all()) {
      String key =
          t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
      ObjectNode doc =
          docs.computeIfAbsent(
              key,
              k -> {
                ObjectNode d = Json.object();
                d.put("openapi", "3.0.0");
                d.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
                d.putObject("paths");
                d.putObject("components").putObject("schemas");
                return d;
              });
      if (!t.stored()) {
        continue;
      }
      String base = "/" + key + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      ObjectNode patch =
          ((ObjectNode) doc.get("paths")).putObject(base + "/{name}").putObject("patch");
      patch.put("operationId", "patch" + t.kind());
      patch
          .putObject("x-kubernetes-group-version-kind")
          .put("group", t.group())
          .put("version", t.version())
          .put("kind", t.kind());
      var params = patch.putArray("parameters");
      for (String q : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
        params
            .addObject()
            .put("name", q)
            .put("in", "query")
            .putObject("schema")
            .put("type", q.equals("force") ? "boolean" : "string");
      }
      patch.putObject("responses").putObject("200").put("description", "OK");
    }
    docs.forEach(
        (k, d) -> {
          byte[] bytes = Json.bytes(d);
          documents.put(k, bytes);
          hashes.put(
              k, Hashing.sha256().hashBytes(bytes).toString().toUpperCase(java.util.Locale.ROOT));
        });
  }

  ObjectNode index() {
    ObjectNode o = Json.object();
    ObjectNode paths = o.putObject("paths");
    hashes.forEach(
        (k, h) -> paths.putObject(k).put("serverRelativeURL", "/openapi/v3/" + k + "?hash=" + h));
    return o;
  }

  /** The document for {@code api/v1} or {@code apis/apps/v1}, or null. */
  byte[] document(String key) {
    return documents.get(key);
  }
}
