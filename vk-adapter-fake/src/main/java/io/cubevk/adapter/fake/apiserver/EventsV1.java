package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;

/**
 * events.k8s.io/v1 Events share the core Events' storage, as on the real server; this converts
 * between the two shapes (regarding/involvedObject, note/message, reportingController/source…).
 */
final class EventsV1 {
  private EventsV1() {}

  static ObjectNode fromCore(JsonNode core) {
    ObjectNode v = Json.object();
    v.put("kind", "Event");
    v.put("apiVersion", "events.k8s.io/v1");
    v.set("metadata", core.path("metadata").deepCopy());
    copy(core, "eventTime", v, "eventTime");
    copy(core, "series", v, "series");
    if (core.hasNonNull("reportingComponent")
        && !core.get("reportingComponent").asText().isEmpty()) {
      copy(core, "reportingComponent", v, "reportingController");
    } else if (core.path("source").has("component")) {
      v.set("reportingController", core.path("source").get("component"));
    }
    if (core.hasNonNull("reportingInstance") && !core.get("reportingInstance").asText().isEmpty()) {
      copy(core, "reportingInstance", v, "reportingInstance");
    } else if (core.path("source").has("host")) {
      v.set("reportingInstance", core.path("source").get("host"));
    }
    copy(core, "action", v, "action");
    copy(core, "reason", v, "reason");
    copy(core, "involvedObject", v, "regarding");
    copy(core, "related", v, "related");
    copy(core, "message", v, "note");
    copy(core, "type", v, "type");
    copy(core, "source", v, "deprecatedSource");
    copy(core, "firstTimestamp", v, "deprecatedFirstTimestamp");
    copy(core, "lastTimestamp", v, "deprecatedLastTimestamp");
    copy(core, "count", v, "deprecatedCount");
    return v;
  }

  static ObjectNode toCore(JsonNode v1) {
    ObjectNode c = Json.object();
    c.put("kind", "Event");
    c.put("apiVersion", "v1");
    c.set("metadata", v1.path("metadata").deepCopy());
    copy(v1, "eventTime", c, "eventTime");
    copy(v1, "series", c, "series");
    copy(v1, "reportingController", c, "reportingComponent");
    copy(v1, "reportingInstance", c, "reportingInstance");
    copy(v1, "action", c, "action");
    copy(v1, "reason", c, "reason");
    copy(v1, "regarding", c, "involvedObject");
    copy(v1, "related", c, "related");
    copy(v1, "note", c, "message");
    copy(v1, "type", c, "type");
    copy(v1, "deprecatedSource", c, "source");
    copy(v1, "deprecatedFirstTimestamp", c, "firstTimestamp");
    copy(v1, "deprecatedLastTimestamp", c, "lastTimestamp");
    copy(v1, "deprecatedCount", c, "count");
    if (!c.has("source") && v1.has("reportingController")) {
      ObjectNode src = c.putObject("source");
      src.set("component", v1.get("reportingController"));
      if (v1.has("reportingInstance")) {
        src.set("host", v1.get("reportingInstance"));
      }
    }
    return c;
  }

  private static void copy(JsonNode from, String f, ObjectNode to, String t) {
    JsonNode v = from.get(f);
    if (v != null && !v.isNull()) {
      to.set(t, v.deepCopy());
    }
  }
}
