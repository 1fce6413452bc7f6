package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.function.Consumer;

/**
 * Namespace deletion: a Terminating namespace has everything in it deleted (bound pods still wait
 * for their kubelet), and once it is empty its {@code kubernetes} finalizer is removed so that it
 * goes.
 */
final class NamespaceController implements Controller {
  private final Store store;
  private final ResourceType namespaces;

  NamespaceController(Store store) {
    this.store = store;
    this.namespaces = store.resources().require("", "namespaces");
  }

  @Override
  public String name() {
    return "namespace";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == namespaces && Kube.terminating(e.object())) {
      enqueue.accept(Json.name(e.object()));
    } else if (e.type().equals("DELETED") && e.resource().namespaced()) {
      enqueue.accept(Json.namespace(e.object()));
    }
  }

  @Override
  public void reconcile(String name) {
    ObjectNode ns = store.find(namespaces, "", name).orElse(null);
    if (ns == null || !Kube.terminating(ns)) {
      return;
    }
    boolean empty = true;
    for (ResourceType t : store.resources().all()) {
      if (!t.namespaced() || !t.stored() || t.storedAs().isPresent()) {
        continue;
      }
      for (ObjectNode o : store.list(t, name, x -> true)) {
        empty = false;
        if (!Kube.terminating(o)) {
          Kube.deleteQuietly(store, t, o);
        }
      }
    }
    if (!empty) {
      return;
    }
    try {
      store.mutate(
          namespaces,
          "",
          name,
          "",
          c -> {
            Json.child(c, "spec").remove("finalizers");
            return c;
          },
          false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }
}
