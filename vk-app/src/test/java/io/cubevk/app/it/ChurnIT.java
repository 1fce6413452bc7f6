package io.cubevk.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.apiserver.RequestLog;
import io.cubevk.adapter.fake.cloud.CallLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.domain.pod.PodUid;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A Deployment's worth of churn: 100 pods created at once, a quarter deleted while their Cubes are
 * being created, the rest deleted once Running. Measures what a pod lifecycle costs the API server
 * and the cloud (targets.md: ≤ 4 writes to the pod and its status, ≤ 6 cloud calls).
 */
class ChurnIT extends ClusterHarness {

  private static final int PODS = 100;

  @Test
  void aHundredPodsCreatedAndDeletedConcurrentlyLeaveNoCubeNoPodAndNoDuplicate() throws Exception {
    startAgent(node);
    long started = System.nanoTime();
    ExecutorService users = Executors.newFixedThreadPool(8);
    List<V1Pod> created = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> creates = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        String name = "churn-" + i;
        boolean deleteAtOnce = i % 4 == 0;
        creates.add(
            users.submit(
                () -> {
                  V1Pod pod = create(selectingVirtualNodes(nginx(name)));
                  created.add(pod);
                  if (deleteAtOnce) {
                    delete(name);
                  }
                }));
      }
      for (Future<?> f : creates) {
        f.get();
      }
      List<String> survivors =
          IntStream.range(0, PODS).filter(i -> i % 4 != 0).mapToObj(i -> "churn-" + i).toList();
      await("75 pods running")
          .atMost(Duration.ofSeconds(60))
          .until(() -> survivors.stream().allMatch(n -> phase(n).equals("Running")));
      long running = System.nanoTime();

      List<Future<?>> deletes =
          survivors.stream().map(n -> users.submit(() -> delete(n))).collect(Collectors.toList());
      for (Future<?> f : deletes) {
        f.get();
      }
      await("every pod gone")
          .atMost(Duration.ofSeconds(60))
          .until(() -> user.listNamespacedPod(NAMESPACE).execute().getItems().isEmpty());
      await("every Cube gone").atMost(AT_MOST).until(() -> cloud.cubes().isEmpty());
      long done = System.nanoTime();

      Map<PodUid, Long> createsPerPod =
          cloud.callLog().calls(CloudAction.CREATE_CUBE_POD).stream()
              .map(CallLog.Call::podUid)
              .flatMap(java.util.Optional::stream)
              .collect(Collectors.groupingBy(u -> u, Collectors.counting()));
      assertThat(createsPerPod.values()).allMatch(n -> n == 1);
      assertThat(createsPerPod.size()).isBetween(survivors.size(), PODS);

      Figures figures = Figures.of(server, cloud, created, survivors);
      System.out.printf(
          "churn of %d pods: all Running %.1f s after the first create, all gone %.1f s later%n",
          PODS, (running - started) / 1e9, (done - running) / 1e9);
      figures.print();
      assertThat(figures.maxWritesPerFullLifecycle()).isLessThanOrEqualTo(4);
    } finally {
      users.shutdownNow();
    }
  }

  /** What the pods cost, read from the API server's request log and the cloud's call log. */
  record Figures(
      double writesPerFullLifecycle,
      long maxWritesPerFullLifecycle,
      double writesPerEarlyDelete,
      double eventsPerPod,
      double tokenRequestsPerPod,
      double cloudCallsPerPod,
      long cloudLists) {

    static Figures of(
        io.cubevk.adapter.fake.apiserver.KubeApiServer server,
        io.cubevk.adapter.fake.cloud.FakeCubeCloud cloud,
        List<V1Pod> pods,
        List<String> fullLifecycle) {
      RequestLog log = server.requestLog();
      Map<String, Long> writes =
          log
              .matching(
                  r ->
                      r.user().equals(AGENT_USER)
                          && RequestLog.writesTo("pods", "pods/status").test(r))
              .stream()
              .collect(Collectors.groupingBy(r -> r.name(), Collectors.counting()));
      List<Long> full = fullLifecycle.stream().map(n -> writes.getOrDefault(n, 0L)).toList();
      List<Long> early =
          pods.stream()
              .map(p -> p.getMetadata().getName())
              .filter(n -> !fullLifecycle.contains(n))
              .map(n -> writes.getOrDefault(n, 0L))
              .toList();
      long events =
          log.count(
              r -> r.user().equals(AGENT_USER) && r.resource().equals("events") && r.isWrite());
      long tokens =
          log.count(
              r -> r.user().equals(AGENT_USER) && r.resourcePath().equals("serviceaccounts/token"));
      long cloudCalls = cloud.callLog().countsByPod().values().stream().mapToLong(l -> l).sum();
      return new Figures(
          full.stream().mapToLong(l -> l).average().orElse(0),
          full.stream().mapToLong(l -> l).max().orElse(0),
          early.stream().mapToLong(l -> l).average().orElse(0),
          (double) events / pods.size(),
          (double) tokens / pods.size(),
          (double) cloudCalls / pods.size(),
          cloud.callLog().count(CloudAction.LIST_CUBE_POD));
    }

    void print() {
      System.out.printf(
          "  writes to pod + pods/status per create->Running->delete: avg %.2f, max %d%n"
              + "  writes per pod deleted during its create: avg %.2f%n"
              + "  events written per pod: %.2f; token requests per pod: %.2f%n"
              + "  cloud calls per pod (create, gets, delete): %.2f; plus %d list calls in all%n",
          writesPerFullLifecycle,
          maxWritesPerFullLifecycle,
          writesPerEarlyDelete,
          eventsPerPod,
          tokenRequestsPerPod,
          cloudCallsPerPod,
          cloudLists);
    }
  }
}
