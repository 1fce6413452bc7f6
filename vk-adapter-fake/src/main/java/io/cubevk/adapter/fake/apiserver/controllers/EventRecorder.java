package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.time.Instant;

/**
 * Records core/v1 Events about objects as the controllers and the scheduler would, so that {@code
 * kubectl describe} shows them; a repeat of the same reason and message counts up instead of adding
 * an Event. Events of cluster-scoped objects go to {@code default}, as on a real cluster.
 */
public final class EventRecorder {
  private final Store store;
  private final ResourceType events;

  public EventRecorder(Store store) {
    this.store = store;
    this.events = store.resources().require("", "events");
  }

  public void record(JsonNode about, String type, String reason, String message, String component) {
    String ns = Json.namespace(about).isEmpty() ? "default" : Json.namespace(about);
    String name =
        Json.name(about)
            + "."
            + Integer.toHexString((Json.uid(about) + reason + message).hashCode());
    Instant now = store.clock().instant();
    try {
      store.mutate(
          events,
          ns,
          name,
          "",
          e -> {
            e.put("count", e.path("count").asInt(1) + 1);
            e.put("lastTimestamp", Json.time(now));
            return e;
          },
          false);
      return;
    } catch (ApiException e) {
      if (e.code() != 404) {
        return;
      }
    }
    ObjectNode ev = Json.object();
    ev.put("apiVersion", "v1");
    ev.put("kind", "Event");
    ev.putObject("metadata").put("name", name).put("namespace", ns);
    ObjectNode io = ev.putObject("involvedObject");
    io.put("kind", about.path("kind").asText());
    io.put("apiVersion", about.path("apiVersion").asText());
    io.put("name", Json.name(about));
    if (!Json.namespace(about).isEmpty()) {
      io.put("namespace", Json.namespace(about));
    }
    io.put("uid", Json.uid(about));
    io.put("resourceVersion", Json.resourceVersion(about));
    ev.put("type", type);
    ev.put("reason", reason);
    ev.put("message", message);
    ev.putObject("source").put("component", component);
    ev.put("reportingComponent", component);
    ev.put("reportingInstance", component);
    ev.put("firstTimestamp", Json.time(now));
    ev.put("lastTimestamp", Json.time(now));
    ev.put("count", 1);
    ev.putNull("eventTime");
    try {
      store.create(events, ns, ev, false);
    } catch (ApiException e) {
      // Events are best effort, as on a real cluster.
    }
  }
}
