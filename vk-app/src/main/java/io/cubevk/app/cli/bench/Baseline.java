package io.cubevk.app.cli.bench;

import io.cubevk.domain.node.VirtualNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The raw limit the agent is compared with: the same API server driven by a plain loop on as many
 * threads as the agent has pod workers, doing only a pod's minimal writes at full speed: create it,
 * patch its status twice (ContainerCreating, then Running, with the fields the agent writes), and
 * later delete it at once. No cloud, no informers, no decisions.
 */
final class Baseline {

  /**
   * @param podsPerSecond pods created and patched to Running per second
   * @param heapBytes heap after GC with the server holding {@code heapPods} Running pods
   * @param heapPods the pods held when the heap was measured
   * @param cpuSeconds process CPU of the creates and patches
   * @param deletesPerSecond immediate deletes per second
   */
  record Result(
      double podsPerSecond,
      long heapBytes,
      int heapPods,
      double cpuSeconds,
      double deletesPerSecond) {}

  private final BenchWorld world;
  private final ApiDriver driver;
  private final String namespace;
  private final Progress progress;

  Baseline(BenchWorld world, ApiDriver driver, String namespace, Progress progress) {
    this.world = world;
    this.driver = driver;
    this.namespace = namespace;
    this.progress = progress;
  }

  /**
   * Runs {@code pods} pods to Running for the throughput, deletes all but {@code heapPods} and
   * measures the heap, then deletes the rest.
   */
  Result run(int pods, int heapPods, String label) {
    List<VirtualNode> nodes = world.nodes();
    List<Integer> all = IntStream.range(0, pods).boxed().toList();
    long cpuStart = ProcessProbe.cpuNanos();
    long start = System.nanoTime();
    try (Progress.Phase phase = progress.phase(label, pods, "pods")) {
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      ApiDriver.inParallel(
          world.workers(),
          all,
          i -> {
            String name = name(label, i);
            driver.createPod(namespace, name, nodes.get(i % nodes.size()).name());
            driver.patchStatus(namespace, name, creating());
            driver.patchStatus(namespace, name, running(i));
            phase.at(done.incrementAndGet());
          });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (ProcessProbe.cpuNanos() - cpuStart) / 1e9;

    ApiDriver.inParallel(
        world.workers(),
        all.subList(heapPods, pods),
        i -> driver.deletePod(namespace, name(label, i), 0));
    long heap = heapPods == 0 ? 0 : ProcessProbe.heapAfterGc();
    long deleteStart = System.nanoTime();
    ApiDriver.inParallel(
        world.workers(),
        all.subList(0, heapPods),
        i -> driver.deletePod(namespace, name(label, i), 0));
    double deleteSeconds = (System.nanoTime() - deleteStart) / 1e9;
    return new Result(
        pods / seconds, heap, heapPods, cpuSeconds, heapPods == 0 ? 0 : heapPods / deleteSeconds);
  }

  private static String name(String label, int i) {
    return String.format("%s-%05d", label, i);
  }

  private static String creating() {
    return """
        {"phase":"Pending","hostIP":"127.0.0.1","startTime":"%s",
         "conditions":[
          {"type":"PodScheduled","status":"True"},
          {"type":"Initialized","status":"True"},
          {"type":"ContainersReady","status":"False","reason":"ContainersNotReady"},
          {"type":"Ready","status":"False","reason":"ContainersNotReady"}],
         "containerStatuses":[{"name":"nginx","image":"nginx:1.27","imageID":"",
          "ready":false,"restartCount":0,"started":false,
          "state":{"waiting":{"reason":"ContainerCreating"}}}]}
        """
        .formatted(Instant.now());
  }

  private static String running(int i) {
    String ip = "10.%d.%d.%d".formatted((i >> 16) & 255, (i >> 8) & 255, i & 255);
    return """
        {"phase":"Running","podIP":"%s","podIPs":[{"ip":"%s"}],
         "conditions":[
          {"type":"PodScheduled","status":"True"},
          {"type":"Initialized","status":"True"},
          {"type":"ContainersReady","status":"True"},
          {"type":"Ready","status":"True"}],
         "containerStatuses":[{"name":"nginx","image":"nginx:1.27",
          "imageID":"docker.io/library/nginx@sha256:0000","containerID":"cube://c-%d",
          "ready":true,"restartCount":0,"started":true,
          "state":{"running":{"startedAt":"%s"}}}]}
        """
        .formatted(ip, ip, i, Instant.now());
  }
}
