package io.cubevk.adapter.fake.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.time.Instant;

/**
 * core/v1 Events about claims and volumes, worded as the PersistentVolume controller and the CSI
 * provisioner word theirs, so {@code kubectl describe pvc} reads as on a real cluster. A repeat
 * counts up instead of adding an Event.
 */
final class StorageEvents {

  static final String PV_CONTROLLER = "persistentvolume-controller";
  static final String PROVISIONER = UDiskProvisioner.DRIVER + "_csi-provisioner";

  private final Store store;
  private final ResourceType events;

  StorageEvents(Store store) {
    this.store = store;
    this.events = store.resources().require("", "events");
  }

  void normal(JsonNode about, String reason, String message, String component) {
    record(about, "Normal", reason, message, component);
  }

  void warning(JsonNode about, String reason, String message, String component) {
    record(about, "Warning", reason, message, component);
  }

  private void record(
      JsonNode about, String type, String reason, String message, String component) {
    // Cluster-scoped objects (volumes) have their events in "default", as on a real cluster.
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
    ObjectNode involved = ev.putObject("involvedObject");
    involved.put("kind", about.path("kind").asText());
    involved.put("apiVersion", about.path("apiVersion").asText());
    involved.put("name", Json.name(about));
    if (!Json.namespace(about).isEmpty()) {
      involved.put("namespace", Json.namespace(about));
    }
    involved.put("uid", Json.uid(about));
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
