package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Objects for tests, written straight into a server's store. */
final class Fixtures {
  private final Store store;

  Fixtures(KubeApiServer server) {
    this.store = server.store();
  }

  static ObjectNode json(String s) {
    return Json.parseObject(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  ResourceType type(String group, String plural) {
    return store.resources().require(group, plural);
  }

  ObjectNode create(String group, String plural, String ns, String json) {
    return store.create(type(group, plural), ns, json(json), false);
  }

  ObjectNode readyNode(String name, String labels, String taints, int pods) {
    return create(
        "",
        "nodes",
        "",
        "{'metadata':{'name':'"
            + name
            + "','labels':{"
            + labels
            + "}},'spec':{'taints':["
            + taints
            + "]},'status':{'allocatable':{'pods':'"
            + pods
            + "'},"
            + "'conditions':[{'type':'Ready','status':'True'}]}}");
  }

  List<ObjectNode> pods(String ns) {
    return store.list(type("", "pods"), ns, o -> true);
  }

  ObjectNode get(String group, String plural, String ns, String name) {
    return store.get(type(group, plural), ns, name);
  }

  /** Plays the kubelet: the pod is Running (and Ready) with an IP. */
  void running(JsonNode pod, String ip, boolean ready) {
    store.mutate(
        type("", "pods"),
        Json.namespace(pod),
        Json.name(pod),
        "status",
        c -> {
          ObjectNode st = Json.child(c, "status");
          st.put("phase", "Running");
          st.put("podIP", ip);
          st.putArray("conditions")
              .addObject()
              .put("type", "Ready")
              .put("status", ready ? "True" : "False");
          return c;
        },
        false);
  }

  /** Plays the kubelet: the pod ended with this phase. */
  void finished(JsonNode pod, String phase) {
    store.mutate(
        type("", "pods"),
        Json.namespace(pod),
        Json.name(pod),
        "status",
        c -> {
          Json.child(c, "status").put("phase", phase);
          return c;
        },
        false);
  }

  static String podSpec(String image) {
    return "{'containers':[{'name':'c','image':'" + image + "'}]}";
  }
}
