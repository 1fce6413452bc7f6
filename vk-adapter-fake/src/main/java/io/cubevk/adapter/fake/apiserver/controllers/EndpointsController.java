package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.LabelSelector;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Endpoints for Services with a selector: Ready pods with an IP are addresses, the others
 * notReadyAddresses, and each service port's targetPort is resolved (a number, or a container
 * port's name). Endpoints are written only when they change and removed with their Service.
 */
final class EndpointsController implements Controller {
  private final Store store;
  private final ResourceType services;
  private final ResourceType endpoints;
  private final ResourceType pods;

  EndpointsController(Store store) {
    this.store = store;
    this.services = store.resources().require("", "services");
    this.endpoints = store.resources().require("", "endpoints");
    this.pods = store.resources().require("", "pods");
  }

  @Override
  public String name() {
    return "endpoints";
  }

  // Services with a selector per namespace, kept from service events: pod changes in a namespace
  // without one wake nobody (the benchmarks create thousands of pods and no Service).
  private final Map<String, Set<String>> selecting = new ConcurrentHashMap<>();

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == services) {
      String ns = Json.namespace(e.object());
      JsonNode sel = e.object().path("spec").path("selector");
      Set<String> names = selecting.computeIfAbsent(ns, k -> ConcurrentHashMap.newKeySet());
      if (!e.type().equals("DELETED") && sel.isObject() && !sel.isEmpty()) {
        names.add(Json.name(e.object()));
      } else {
        names.remove(Json.name(e.object()));
      }
      enqueue.accept(Kube.key(e.object()));
    } else if (e.resource() == pods
        && !selecting.getOrDefault(Json.namespace(e.object()), Set.of()).isEmpty()) {
      JsonNode now = e.object();
      JsonNode before = e.previous();
      // Only what endpoints are made of: IP, readiness, labels, deletion.
      if (before == null
          || !now.path("status").path("podIP").equals(before.path("status").path("podIP"))
          || Kube.ready(now) != Kube.ready(before)
          || !now.path("metadata").path("labels").equals(before.path("metadata").path("labels"))
          || Kube.terminating(now) != Kube.terminating(before)
          || e.type().equals("DELETED")) {
        enqueue.accept(Json.namespace(now) + "/*");
      }
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    store.list(services, "", o -> true).forEach(o -> enqueue.accept(Kube.key(o)));
  }

  @Override
  public void reconcile(String key) {
    String ns = Kube.ns(key);
    String name = Kube.name(key);
    if (name.equals("*")) {
      for (ObjectNode svc : store.list(services, ns, o -> true)) {
        sync(ns, Json.name(svc));
      }
    } else {
      sync(ns, name);
    }
  }

  private void sync(String ns, String name) {
    ObjectNode svc = store.find(services, ns, name).orElse(null);
    if (svc == null) {
      try {
        store.delete(
            endpoints, ns, name, io.cubevk.adapter.fake.apiserver.store.DeleteOptions.defaults());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
      return;
    }
    JsonNode selector = svc.path("spec").path("selector");
    if (!selector.isObject() || selector.isEmpty()) {
      return; // endpoints of selector-less services are managed by their users
    }
    LabelSelector sel = LabelSelector.ofMap(selector);
    List<ObjectNode> matched =
        store.list(
            pods,
            ns,
            p ->
                sel.matchesObject(p)
                    && !p.path("status").path("podIP").asText("").isEmpty()
                    && !Kube.terminating(p)
                    && !Kube.finished(p));
    matched.sort(Comparator.comparing(p -> p.path("status").path("podIP").asText()));
    ObjectNode ep = Json.object();
    ep.put("apiVersion", "v1");
    ep.put("kind", "Endpoints");
    ObjectNode meta = ep.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", ns);
    if (svc.path("metadata").has("labels")) {
      meta.set("labels", svc.path("metadata").get("labels"));
    }
    ArrayNode subsets = ep.putArray("subsets");
    if (!matched.isEmpty()) {
      ObjectNode subset = Json.object();
      ArrayNode ready = Json.object().arrayNode();
      ArrayNode notReady = Json.object().arrayNode();
      for (ObjectNode p : matched) {
        ObjectNode a = Json.object();
        a.put("ip", p.path("status").path("podIP").asText());
        if (p.path("spec").has("nodeName")) {
          a.set("nodeName", p.path("spec").get("nodeName"));
        }
        a.putObject("targetRef")
            .put("kind", "Pod")
            .put("namespace", ns)
            .put("name", Json.name(p))
            .put("uid", Json.uid(p));
        (Kube.ready(p) ? ready : notReady).add(a);
      }
      if (!ready.isEmpty()) {
        subset.set("addresses", ready);
      }
      if (!notReady.isEmpty()) {
        subset.set("notReadyAddresses", notReady);
      }
      ArrayNode ports = subset.putArray("ports");
      for (JsonNode sp : svc.path("spec").path("ports")) {
        ObjectNode port = ports.addObject();
        if (sp.has("name")) {
          port.set("name", sp.get("name"));
        }
        port.put("port", resolve(sp.path("targetPort"), sp.path("port").asInt(), matched.get(0)));
        port.put("protocol", sp.path("protocol").asText("TCP"));
      }
      subsets.add(subset);
    }
    ObjectNode existing = store.find(endpoints, ns, name).orElse(null);
    if (existing == null) {
      try {
        store.create(endpoints, ns, ep, false);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    } else if (!existing.path("subsets").equals(subsets)) {
      store.mutate(
          endpoints,
          ns,
          name,
          "",
          c -> {
            c.set("subsets", subsets);
            return c;
          },
          false);
    }
  }

  private static int resolve(JsonNode target, int port, JsonNode pod) {
    if (target.isInt()) {
      return target.asInt();
    }
    if (target.isTextual()) {
      for (JsonNode c : pod.path("spec").path("containers")) {
        for (JsonNode p : c.path("ports")) {
          if (p.path("name").asText().equals(target.asText())) {
            return p.path("containerPort").asInt();
          }
        }
      }
      try {
        return Integer.parseInt(target.asText());
      } catch (NumberFormatException e) {
        return port;
      }
    }
    return port;
  }
}
