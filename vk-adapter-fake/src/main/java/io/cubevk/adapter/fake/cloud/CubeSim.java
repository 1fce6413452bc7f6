package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A Cube's containers over time: ContainerCreating for the create delay, then the init containers
 * one after the other, then the main containers together; and the phase word Cube would report.
 * Guarded by the owning Cube's lock.
 *
 * <p>The phase word follows what {@code kubectl get pods} prints, which is what Cube stores:
 * Terminating while deleting; ContainerCreating before the containers start; while an init
 * container runs, its waiting reason, Error if it failed for good, else Pending; then the first
 * main container's waiting reason (ErrImagePull, ImagePullBackOff, CrashLoopBackOff), else Running
 * if one runs, else Completed when all exited 0 and Error otherwise.
 */
final class CubeSim {

  private final List<ContainerSim> inits = new ArrayList<>();
  private final List<ContainerSim> mains = new ArrayList<>();
  private Instant readyAt;
  private int nextInit;
  private boolean mainsStarted;

  CubeSim(
      CubeSpec spec,
      Instant createdAt,
      Duration createDelay,
      int ringCapacity,
      Function<ContainerSim, Shell.Context> contexts) {
    this.readyAt = createdAt.plus(createDelay);
    for (CubeContainer c : spec.initContainers()) {
      inits.add(new ContainerSim(c, true, spec.restartPolicy(), ringCapacity, contexts));
    }
    for (CubeContainer c : spec.containers()) {
      mains.add(new ContainerSim(c, false, spec.restartPolicy(), ringCapacity, contexts));
    }
  }

  void advance(Instant now) {
    if (now.isBefore(readyAt)) {
      return;
    }
    Instant t = readyAt;
    while (nextInit < inits.size()) {
      ContainerSim c = inits.get(nextInit);
      if (!c.started()) {
        c.start(t);
      }
      c.advance(now);
      if (!c.succeeded()) {
        return;
      }
      t = c.finishedAt();
      nextInit++;
    }
    if (!mainsStarted) {
      for (ContainerSim m : mains) {
        m.start(t);
      }
      mainsStarted = true;
    }
    for (ContainerSim m : mains) {
      m.advance(now);
    }
  }

  /** The status at {@code now} (after {@link #advance}). */
  CubeStatus status(
      Instant now, Instant createdAt, String podIp, String podName, boolean deleting) {
    String notStarted = now.isBefore(readyAt) ? "ContainerCreating" : "PodInitializing";
    CubeStatus.Builder b =
        new CubeStatus.Builder().podIp(podIp).startTime(createdAt).phase(phase(now, deleting));
    inits.forEach(c -> b.addInitContainerStatuses(c.status(now, notStarted, podName)));
    mains.forEach(c -> b.addContainerStatuses(c.status(now, notStarted, podName)));
    message(now).ifPresent(b::message);
    return b.build();
  }

  private CubePhase phase(Instant now, boolean deleting) {
    if (deleting) {
      return CubePhase.TERMINATING;
    }
    if (now.isBefore(readyAt)) {
      return CubePhase.CONTAINER_CREATING;
    }
    if (nextInit < inits.size()) {
      ContainerSim c = inits.get(nextInit);
      Optional<String> reason = c.waitingReason(now);
      if (reason.isPresent()) {
        return CubePhase.fromWord(reason.get());
      }
      return c.finishedWithFailure() ? CubePhase.ERROR : CubePhase.PENDING;
    }
    for (ContainerSim m : mains) {
      Optional<String> reason = m.waitingReason(now);
      if (reason.isPresent()) {
        return CubePhase.fromWord(reason.get());
      }
    }
    if (mains.stream().anyMatch(ContainerSim::running)) {
      return CubePhase.RUNNING;
    }
    return mains.stream().allMatch(ContainerSim::succeeded) ? CubePhase.COMPLETED : CubePhase.ERROR;
  }

  private Optional<String> message(Instant now) {
    if (now.isBefore(readyAt)) {
      return Optional.empty();
    }
    return containers()
        .filter(c -> c.waitingReason(now).isPresent())
        .findFirst()
        .map(c -> "container " + c.name() + ": " + c.waitingReason(now).get());
  }

  /** Kills every process and starts the Cube again after the create delay (RebootCubePod). */
  void reboot(Instant at, Duration createDelay) {
    containers().forEach(c -> c.kill(at, true));
    readyAt = at.plus(createDelay);
    nextInit = 0;
    mainsStarted = false;
  }

  /** Kills every process for good (DeleteCubePod). */
  void stop(Instant at) {
    containers().forEach(c -> c.kill(at, false));
  }

  /** Containers of a renewed document run with their new definition from their next run on. */
  void redefine(CubeSpec spec) {
    Stream.concat(spec.initContainers().stream(), spec.containers().stream())
        .forEach(def -> container(def.name()).ifPresent(c -> c.redefine(def)));
  }

  Optional<ContainerSim> container(String name) {
    return containers().filter(c -> c.name().equals(name)).findFirst();
  }

  Stream<ContainerSim> containers() {
    return Stream.concat(inits.stream(), mains.stream());
  }

  List<ContainerSim> mains() {
    return mains;
  }
}
