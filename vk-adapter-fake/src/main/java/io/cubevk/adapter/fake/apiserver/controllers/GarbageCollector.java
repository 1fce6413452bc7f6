package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Garbage collection through ownerReferences: when every owner of an object is gone, the object is
 * deleted (background propagation); an owner being deleted with Foreground propagation waits
 * (finalizer {@code foregroundDeletion}) until its dependents are gone, and with Orphan (finalizer
 * {@code orphan}) its dependents lose their reference to it and stay. An index from owner uid to
 * dependents, kept from store events, makes each collection cost what it deletes.
 */
final class GarbageCollector implements Controller {
  private record Ref(ResourceType type, String namespace, String name) {}

  private final Store store;
  private final Map<String, Set<Ref>> dependents = new ConcurrentHashMap<>();
  // Owners in foreground or orphan deletion, by uid: they are found even once no dependent
  // is left to point at them.
  private final Map<String, Ref> waiting = new ConcurrentHashMap<>();

  GarbageCollector(Store store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "garbage-collector";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    JsonNode o = e.object();
    Ref self = new Ref(e.resource(), Json.namespace(o), Json.name(o));
    if (e.previous() != null) {
      for (JsonNode r : e.previous().path("metadata").path("ownerReferences")) {
        Set<Ref> s = dependents.get(r.path("uid").asText());
        if (s != null) {
          s.remove(self);
        }
      }
    }
    if (!e.type().equals("DELETED")) {
      for (JsonNode r : o.path("metadata").path("ownerReferences")) {
        dependents
            .computeIfAbsent(r.path("uid").asText(), k -> ConcurrentHashMap.newKeySet())
            .add(self);
      }
    }
    String uid = Json.uid(o);
    if (e.type().equals("DELETED")) {
      if (dependents.containsKey(uid)) {
        enqueue.accept(uid);
      }
      // A dependent going may release an owner waiting in foreground deletion.
      for (JsonNode r : o.path("metadata").path("ownerReferences")) {
        enqueue.accept(r.path("uid").asText());
      }
    } else if (Kube.terminating(o) && hasFinalizer(o, "foregroundDeletion", "orphan")) {
      waiting.put(uid, self);
      enqueue.accept(uid);
    }
    if (e.type().equals("DELETED")) {
      waiting.remove(uid);
    }
  }

  private static boolean hasFinalizer(JsonNode o, String... names) {
    for (JsonNode f : o.path("metadata").path("finalizers")) {
      for (String n : names) {
        if (f.asText().equals(n)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void reconcile(String ownerUid) {
    Set<Ref> deps = dependents.getOrDefault(ownerUid, Set.of());
    ObjectNode owner = findOwner(ownerUid);
    if (owner != null && !Kube.terminating(owner)) {
      return;
    }
    boolean orphan = owner != null && hasFinalizer(owner, "orphan");
    for (Ref d : new ArrayList<>(deps)) {
      ObjectNode dep = store.find(d.type(), d.namespace(), d.name()).orElse(null);
      if (dep == null) {
        deps.remove(d);
        continue;
      }
      if (orphan) {
        dropOwner(d, ownerUid);
      } else if (owner == null && !otherOwnerAlive(dep, ownerUid)) {
        delete(d, DeleteOptions.defaults());
      } else if (owner == null) {
        dropOwner(d, ownerUid);
      } else if (!Kube.terminating(dep)) {
        delete(d, DeleteOptions.defaults().withPropagation("Foreground"));
      }
    }
    if (owner != null) {
      boolean remaining =
          dependents.getOrDefault(ownerUid, Set.of()).stream()
              .anyMatch(d -> store.find(d.type(), d.namespace(), d.name()).isPresent());
      if (orphan || !remaining) {
        removeFinalizers(owner);
      }
    }
  }

  private ObjectNode findOwner(String uid) {
    Ref w = waiting.get(uid);
    if (w != null) {
      return store
          .find(w.type(), w.namespace(), w.name())
          .filter(o -> Json.uid(o).equals(uid))
          .orElse(null);
    }
    // Owners in foreground or orphan deletion are still stored; find one by a dependent's ref.
    for (Ref d : dependents.getOrDefault(uid, Set.of())) {
      ObjectNode dep = store.find(d.type(), d.namespace(), d.name()).orElse(null);
      if (dep == null) {
        continue;
      }
      for (JsonNode r : dep.path("metadata").path("ownerReferences")) {
        if (r.path("uid").asText().equals(uid)) {
          return lookup(r, d.namespace());
        }
      }
    }
    return null;
  }

  private ObjectNode lookup(JsonNode ref, String namespace) {
    String apiVersion = ref.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return store
        .resources()
        .byKind(group, ref.path("kind").asText())
        .flatMap(t -> store.find(t, t.namespaced() ? namespace : "", ref.path("name").asText()))
        .filter(o -> Json.uid(o).equals(ref.path("uid").asText()))
        .orElse(null);
  }

  private boolean otherOwnerAlive(ObjectNode dep, String goneUid) {
    for (JsonNode r : dep.path("metadata").path("ownerReferences")) {
      if (!r.path("uid").asText().equals(goneUid) && lookup(r, Json.namespace(dep)) != null) {
        return true;
      }
    }
    return false;
  }

  private void delete(Ref d, DeleteOptions opts) {
    try {
      store.delete(d.type(), d.namespace(), d.name(), opts);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private void dropOwner(Ref d, String ownerUid) {
    try {
      store.mutate(
          d.type(),
          d.namespace(),
          d.name(),
          "",
          c -> {
            JsonNode refs = c.path("metadata").path("ownerReferences");
            ArrayNode kept = Json.object().arrayNode();
            refs.forEach(
                r -> {
                  if (!r.path("uid").asText().equals(ownerUid)) {
                    kept.add(r);
                  }
                });
            if (kept.isEmpty()) {
              Json.meta(c).remove("ownerReferences");
            } else {
              Json.meta(c).set("ownerReferences", kept);
            }
            return c;
          },
          false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private void removeFinalizers(ObjectNode owner) {
    ResourceType t =
        store.resources().byKind(groupOf(owner), owner.path("kind").asText()).orElse(null);
    if (t == null) {
      return;
    }
    try {
      store.mutate(
          t,
          Json.namespace(owner),
          Json.name(owner),
          "",
          c -> {
            ArrayNode kept = Json.object().arrayNode();
            c.path("metadata")
                .path("finalizers")
                .forEach(
                    f -> {
                      if (!f.asText().equals("foregroundDeletion")
                          && !f.asText().equals("orphan")) {
                        kept.add(f);
                      }
                    });
            if (kept.isEmpty()) {
              Json.meta(c).remove("finalizers");
            } else {
              Json.meta(c).set("finalizers", kept);
            }
            return c;
          },
          false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private static String groupOf(JsonNode o) {
    String av = o.path("apiVersion").asText();
    return av.contains("/") ? av.substring(0, av.indexOf('/')) : "";
  }

  List<String> ownersIndexed() {
    return new ArrayList<>(dependents.keySet());
  }
}
