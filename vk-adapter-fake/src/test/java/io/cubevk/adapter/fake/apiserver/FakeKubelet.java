package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the kubelet of one node in tests: pods bound to it become Running and Ready with
 * an IP, and pods marked for deletion are deleted with grace 0 and a uid precondition.
 */
final class FakeKubelet implements AutoCloseable {
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger ips = new AtomicInteger(10);

  FakeKubelet(Store store, String node) {
    ResourceType pods = store.resources().require("", "pods");
    loop.scheduleWithFixedDelay(
        () -> {
          for (ObjectNode p :
              store.list(pods, "", o -> o.at("/spec/nodeName").asText("").equals(node))) {
            try {
              if (p.path("metadata").has("deletionTimestamp")) {
                store.delete(
                    pods,
                    Json.namespace(p),
                    Json.name(p),
                    DeleteOptions.now().withUid(Json.uid(p)));
              } else if (p.at("/status/phase").asText().equals("Pending")) {
                store.mutate(
                    pods,
                    Json.namespace(p),
                    Json.name(p),
                    "status",
                    c -> {
                      ObjectNode st = Json.child(c, "status");
                      st.put("phase", "Running");
                      st.put("podIP", "10.244.0." + ips.getAndIncrement());
                      st.put("hostIP", "10.0.0.1");
                      st.put("startTime", Json.time(store.clock().instant()));
                      var conds = st.putArray("conditions");
                      for (String t :
                          new String[] {
                            "PodScheduled", "Initialized", "ContainersReady", "Ready"
                          }) {
                        conds.addObject().put("type", t).put("status", "True");
                      }
                      var statuses = st.putArray("containerStatuses");
                      c.path("spec")
                          .path("containers")
                          .forEach(
                              ct ->
                                  statuses
                                      .addObject()
                                      .put("name", ct.path("name").asText())
                                      .put("ready", true)
                                      .put("restartCount", 0)
                                      .put("image", ct.path("image").asText())
                                      .put("imageID", "")
                                      .put("started", true)
                                      .putObject("state")
                                      .putObject("running")
                                      .put("startedAt", Json.time(store.clock().instant())));
                      return c;
                    },
                    false);
              }
            } catch (ApiException e) {
              // Raced with another writer; the next round sees the new state.
            }
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
