package io.cubevk.adapter.fake.apiserver;

import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Resources;
import java.util.Optional;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/<ns>/<resource>/<name>/<subresource>} or
 * {@code /apis/<group>/<version>/…}, cluster-scoped resources without the namespace part.
 *
 * @param type the resource
 * @param namespace the namespace ("" for cluster scope or all namespaces)
 * @param name the object name ("" for the collection)
 * @param subresource the subresource ("" for none)
 */
record ApiPath(ResourceType type, String namespace, String name, String subresource) {

  /** Parses a resource path; empty for non-resource paths; 404 for unknown resources. */
  static Optional<ApiPath> parse(String path, Resources resources) {
    String[] s = path.split("/");
    // s[0] is "" (leading slash)
    String group;
    String version;
    int i;
    if (s.length >= 4 && s[1].equals("api")) {
      group = "";
      version = s[2];
      i = 3;
    } else if (s.length >= 5 && s[1].equals("apis")) {
      group = s[2];
      version = s[3];
      i = 4;
    } else {
      return Optional.empty();
    }
    int n = s.length - i;
    String ns = "";
    if (s[i].equals("namespaces") && n >= 3) {
      Optional<ResourceType> inNs = resources.find(group, version, s[i + 2]);
      if (inNs.isPresent() && inNs.get().namespaced()) {
        ns = s[i + 1];
        i += 2;
        n -= 2;
      }
    }
    String plural = s[i];
    ResourceType type =
        resources
            .find(group, version, plural)
            .orElseThrow(
                () ->
                    ApiException.of(
                        404,
                        "NotFound",
                        "the server could not find the requested resource ("
                            + (group.isEmpty() ? "" : group + "/")
                            + version
                            + ", Resource="
                            + plural
                            + ")"));
    String name = n >= 2 ? s[i + 1] : "";
    String sub = n >= 3 ? s[i + 2] : "";
    if (n > 3) {
      if (!(type.plural().equals("pods") || type.plural().equals("nodes"))
          || !(sub.equals("proxy") || sub.equals("portforward"))) {
        throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
      }
    }
    if (!sub.isEmpty() && type.subresource(sub).isEmpty()) {
      throw ApiException.of(
          404,
          "NotFound",
          "the server could not find the requested resource ("
              + type.qualifiedName()
              + "/"
              + sub
              + ")");
    }
    return Optional.of(new ApiPath(type, ns, name, sub));
  }
}
