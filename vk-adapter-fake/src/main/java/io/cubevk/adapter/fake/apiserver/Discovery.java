package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.ResourceType.Subresource;
import io.cubevk.adapter.fake.apiserver.store.Resources;
import java.util.List;
import java.util.Map;

/**
 * Legacy discovery ({@code /api}, {@code /apis}, group and group/version resource lists with
 * subresources) and {@code /version}. kubectl chooses the legacy format from the Content-Type, so
 * the aggregated v2 format is not needed.
 */
final class Discovery {
  private final Resources resources;

  Discovery(Resources resources) {
    this.resources = resources;
  }

  static ObjectNode version() {
    ObjectNode v = Json.object();
    // kubectl's dispatcher runs the built-in 1.32 only when the server reports minor 32.
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", "v1.32.0+cube-vk");
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2025-01-01T00:00:00Z");
    v.put("goVersion", "go1.23.4");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  ObjectNode api(String serverAddress) {
    ObjectNode o = Json.object();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    o.putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return o;
  }

  ObjectNode groups() {
    ObjectNode o = Json.object();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (Map.Entry<String, List<String>> g : resources.groupVersions().entrySet()) {
      if (!g.getKey().isEmpty()) {
        groups.add(group(g.getKey(), g.getValue()));
      }
    }
    return o;
  }

  ObjectNode group(String name) {
    List<String> versions = resources.groupVersions().get(name);
    if (versions == null) {
      return null;
    }
    ObjectNode g = group(name, versions);
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    return g;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      vs.addObject().put("groupVersion", name + "/" + v).put("version", v);
    }
    g.putObject("preferredVersion")
        .put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return g;
  }

  ObjectNode resourceList(String group, String version) {
    List<ResourceType> types =
        resources.all().stream()
            .filter(t -> t.group().equals(group) && t.version().equals(version))
            .toList();
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode o = Json.object();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode list = o.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = list.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      t.verbs().forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      if (!t.categories().isEmpty()) {
        ArrayNode c = r.putArray("categories");
        t.categories().forEach(c::add);
      }
      for (Subresource s : t.subresources()) {
        ObjectNode sr = list.addObject();
        sr.put("name", t.plural() + "/" + s.name());
        sr.put("singularName", "");
        sr.put("namespaced", t.namespaced());
        if (!s.group().equals(t.group()) || !s.version().equals(t.version())) {
          sr.put("group", s.group());
          sr.put("version", s.version());
        }
        sr.put("kind", s.kind());
        ArrayNode sv = sr.putArray("verbs");
        s.verbs().forEach(sv::add);
      }
    }
    return o;
  }
}
