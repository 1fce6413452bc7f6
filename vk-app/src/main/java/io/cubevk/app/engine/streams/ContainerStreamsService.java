package io.cubevk.app.engine.streams;

import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.in.StreamTargetUnavailable;
import io.cubevk.ports.in.StreamTargetUnavailable.Reason;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.cubevk.ports.out.cloud.StreamHandle;
import io.cubevk.ports.out.cluster.PodCache;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens a pod's container streams at its Cube: the pod from the pod cache, the container from its
 * spec, the Cube from the Cube cache (or, before the node's first list, from the cloud by pod uid),
 * then the cloud's stream, returned as it is so that {@link StreamHandle#pause()} and {@link
 * StreamHandle#resume()} reach the cloud.
 *
 * <p>Refusals are {@link StreamTargetUnavailable}s worded as kubelet words them: a pod this agent
 * does not run, a container its spec does not have, a container that is not running (no Cube yet,
 * or the Cube reports the container waiting or terminated). Logs are the exception for the last
 * case: a terminated container still has a log, and the cloud answers for a waiting one.
 */
public final class ContainerStreamsService implements ContainerStreamsUseCase {

  private final PodCache pods;
  private final CubeCache cubes;
  private final CubeCloud cloud;

  public ContainerStreamsService(PodCache pods, CubeCache cubes, CubeCloud cloud) {
    this.pods = pods;
    this.cubes = cubes;
    this.cloud = cloud;
  }

  @Override
  public StreamHandle logs(PodRef pod, String container, LogOptions options, ByteSink sink) {
    PodView view = pod(pod);
    requireContainer(view, container);
    ObservedCube cube = cube(view, container);
    return cloud.logs(cube.cubeId(), container, options, sink);
  }

  @Override
  public ExecSession exec(PodRef pod, ExecRequest request, ExecOutput output) {
    ObservedCube cube = runningContainer(pod, request.container());
    return cloud.exec(cube.cubeId(), request, output);
  }

  @Override
  public ExecSession attach(PodRef pod, ExecRequest request, ExecOutput output) {
    ObservedCube cube = runningContainer(pod, request.container());
    return cloud.attach(cube.cubeId(), request, output);
  }

  @Override
  public PortForwardSession portForward(PodRef pod, int port, ByteSink fromCube) {
    PodView view = pod(pod);
    ObservedCube cube =
        cubeOf(view)
            .orElseThrow(
                () ->
                    new StreamTargetUnavailable(
                        Reason.CONTAINER_NOT_RUNNING,
                        "pod \"" + view.name() + "\" has no running Cube yet" + phaseNote(view)));
    // Which port is open is the Cube's business: the cloud refuses an undeclared one.
    return cloud.portForward(cube.cubeId(), port, fromCube);
  }

  private ObservedCube runningContainer(PodRef pod, String container) {
    PodView view = pod(pod);
    requireContainer(view, container);
    ObservedCube cube = cube(view, container);
    Optional<ContainerState> state = stateOf(cube, container);
    // No status for the container yet: the Cube is too young to say; the cloud decides.
    if (state.isPresent() && !(state.get() instanceof ContainerState.Running)) {
      throw new StreamTargetUnavailable(
          Reason.CONTAINER_NOT_RUNNING,
          "container \""
              + container
              + "\" in pod \""
              + view.name()
              + "\" is not running: "
              + describe(state.get()));
    }
    return cube;
  }

  private PodView pod(PodRef pod) {
    return pods.find(pod.namespace(), pod.name())
        .orElseThrow(
            () ->
                new StreamTargetUnavailable(
                    Reason.POD_NOT_FOUND, "pod \"" + pod.name() + "\" does not exist"));
  }

  private static void requireContainer(PodView view, String container) {
    if (view.container(container).isEmpty()) {
      throw new StreamTargetUnavailable(
          Reason.CONTAINER_NOT_FOUND,
          "container \"" + container + "\" not found in pod \"" + view.name() + "\"");
    }
  }

  private ObservedCube cube(PodView view, String container) {
    return cubeOf(view)
        .orElseThrow(
            () ->
                new StreamTargetUnavailable(
                    Reason.CONTAINER_NOT_RUNNING,
                    // kubelet's words for a container that has not been created yet
                    "container \""
                        + container
                        + "\" in pod \""
                        + view.name()
                        + "\" is waiting to start: ContainerCreating"
                        + phaseNote(view)));
  }

  /**
   * The pod's Cube from the cache; before the cache has listed the pod's node (just after a
   * restart) absence means nothing, so the cloud is asked.
   */
  private Optional<ObservedCube> cubeOf(PodView view) {
    Optional<ObservedCube> cached = cubes.byPod(view.uid());
    if (cached.isPresent()) {
      return cached;
    }
    boolean listed = view.nodeName().map(cubes::hasListed).orElse(false);
    return listed ? Optional.empty() : cloud.findByPodUid(view.uid());
  }

  private static String phaseNote(PodView view) {
    return view.phase()
        .filter(PodPhase::isTerminal)
        .map(p -> " (the pod is " + p.word() + ")")
        .orElse("");
  }

  private static Optional<ContainerState> stateOf(ObservedCube cube, String container) {
    return Stream.concat(
            cube.status().containerStatuses().stream(),
            cube.status().initContainerStatuses().stream())
        .filter(s -> s.name().equals(container))
        .map(CubeContainerStatus::state)
        .findFirst();
  }

  private static String describe(ContainerState state) {
    if (state instanceof ContainerState.Waiting waiting) {
      return "waiting (" + waiting.reason() + ")";
    }
    if (state instanceof ContainerState.Terminated terminated) {
      return "terminated (" + terminated.reason() + ", exit code " + terminated.exitCode() + ")";
    }
    return "running";
  }
}
