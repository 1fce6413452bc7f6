package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.pod.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One container of a Cube as the fake runs it: image pull, runs of its process ({@link Shell}),
 * restarts with kubelet's crash-loop backoff, its logs and run history. It advances only when asked
 * ({@link #advance}), from the times its own events happened, so the state at any moment follows
 * from the start time alone, whatever the clock does between observations. Guarded by the owning
 * Cube's lock.
 */
final class ContainerSim {

  /** Images whose name contains this cannot be pulled. */
  static final String MISSING_IMAGE_MARKER = "does-not-exist";

  /** How long a failed pull shows ErrImagePull before kubelet backs off (ImagePullBackOff). */
  static final Duration ERR_IMAGE_PULL_FOR = Duration.ofSeconds(10);

  /** Kubelet's crash-loop backoff: 10 s doubling up to 5 min, the first restart at once. */
  static final Duration BACKOFF_INITIAL = Duration.ofSeconds(10);

  static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

  /** A run at least this long resets the backoff (kubelet forgets a container that behaved). */
  static final Duration BACKOFF_RESET_AFTER = Duration.ofMinutes(10);

  /** Exit code of a container killed by a reboot or a delete (SIGKILL). */
  static final int KILLED = 137;

  private static final int RUN_HISTORY = 64;

  /** One run of the process, for metrics. */
  record Run(Instant start, Instant end) {}

  private enum Phase {
    NOT_STARTED,
    PULL_FAILING,
    RUNNING,
    BACKING_OFF,
    DONE
  }

  private final boolean init;
  private final RestartPolicy policy;
  private final int ringCapacity;
  private final Function<ContainerSim, Shell.Context> contexts;
  private CubeContainer def;
  private Phase phase = Phase.NOT_STARTED;
  private Instant phaseSince;
  private int restartCount;
  private boolean restartOnNextStart;
  private int backoffLevel;
  private Shell shell;
  private Instant runStartedAt;
  private Instant restartAt;
  private ContainerState.Terminated last;
  private ContainerState.Terminated beforeLast;
  private LogRing current;
  private LogRing previous;
  private final Deque<Run> runs = new ArrayDeque<>();

  ContainerSim(
      CubeContainer def,
      boolean init,
      RestartPolicy policy,
      int ringCapacity,
      Function<ContainerSim, Shell.Context> contexts) {
    this.def = def;
    this.init = init;
    this.policy = policy;
    this.ringCapacity = ringCapacity;
    this.contexts = contexts;
  }

  String name() {
    return def.name();
  }

  CubeContainer definition() {
    return def;
  }

  /** A renewed document's definition: used from the next run on. */
  void redefine(CubeContainer newDef) {
    this.def = newDef;
  }

  boolean started() {
    return phase != Phase.NOT_STARTED;
  }

  boolean running() {
    return phase == Phase.RUNNING;
  }

  boolean succeeded() {
    return phase == Phase.DONE && last.exitCode() == 0;
  }

  Instant finishedAt() {
    return last.finishedAt().orElseThrow();
  }

  void start(Instant at) {
    if (def.image().contains(MISSING_IMAGE_MARKER)) {
      phase = Phase.PULL_FAILING;
      phaseSince = at;
      return;
    }
    if (restartOnNextStart) {
      restartCount++;
      restartOnNextStart = false;
    }
    beginRun(at);
  }

  void advance(Instant now) {
    for (int guard = 0; guard < 100_000; guard++) {
      if (phase == Phase.RUNNING) {
        shell.runUntil(now);
        if (!shell.finished()) {
          return;
        }
        endRun(shell.finishedAt(), shell.exitCode());
      } else if (phase == Phase.BACKING_OFF && !now.isBefore(restartAt)) {
        restartCount++;
        beginRun(restartAt);
      } else {
        return;
      }
    }
  }

  /** Kills the process (reboot, delete); a reboot starts it again later as a restart. */
  void kill(Instant at, boolean willRestart) {
    if (phase == Phase.RUNNING) {
      shell.kill(at, KILLED);
      terminated(at, KILLED);
    }
    if (willRestart) {
      restartOnNextStart = phase != Phase.NOT_STARTED && phase != Phase.PULL_FAILING;
      phase = Phase.NOT_STARTED;
      backoffLevel = 0;
    } else if (phase != Phase.NOT_STARTED) {
      phase = last == null ? Phase.NOT_STARTED : Phase.DONE;
    }
  }

  /** Bytes written to the main process's stdin by an attached client: the process echoes them. */
  void attachedInput(Instant at, String text) {
    if (phase == Phase.RUNNING) {
      current.append(at, text);
    }
  }

  CubeContainerStatus status(Instant now, String notStartedReason, String podName) {
    ContainerState state;
    Optional<ContainerState> lastState = Optional.ofNullable(last);
    switch (phase) {
      case NOT_STARTED -> state = new ContainerState.Waiting(notStartedReason, Optional.empty());
      case PULL_FAILING -> {
        boolean backingOff = !now.isBefore(phaseSince.plus(ERR_IMAGE_PULL_FOR));
        state =
            new ContainerState.Waiting(
                backingOff ? "ImagePullBackOff" : "ErrImagePull",
                Optional.of(
                    backingOff
                        ? "Back-off pulling image \"" + def.image() + "\""
                        : "failed to pull image \""
                            + def.image()
                            + "\": not found: manifest unknown"));
      }
      case RUNNING -> state = new ContainerState.Running(runStartedAt);
      case BACKING_OFF ->
          state =
              new ContainerState.Waiting(
                  "CrashLoopBackOff",
                  Optional.of(
                      "back-off "
                          + Duration.between(last.finishedAt().orElseThrow(), restartAt).toSeconds()
                          + "s restarting failed container="
                          + def.name()
                          + " pod="
                          + podName));
      case DONE -> {
        state = last;
        lastState = Optional.ofNullable(beforeLast);
      }
      default -> throw new IllegalStateException("unknown phase " + phase);
    }
    return new CubeContainerStatus.Builder()
        .name(def.name())
        .restartCount(restartCount)
        .state(state)
        .lastState(lastState)
        .build();
  }

  /** Whether the container waits with a reason that names the whole Cube's state. */
  Optional<String> waitingReason(Instant now) {
    return switch (phase) {
      case PULL_FAILING ->
          Optional.of(
              now.isBefore(phaseSince.plus(ERR_IMAGE_PULL_FOR))
                  ? "ErrImagePull"
                  : "ImagePullBackOff");
      case BACKING_OFF -> Optional.of("CrashLoopBackOff");
      default -> Optional.empty();
    };
  }

  boolean finishedWithFailure() {
    return phase == Phase.DONE && last.exitCode() != 0;
  }

  /** The log of the current (or, in backoff or done, the last) run; empty before any run. */
  Optional<LogRing> currentLog() {
    return Optional.ofNullable(current);
  }

  Optional<LogRing> previousLog() {
    return Optional.ofNullable(previous);
  }

  /** The process of the current run, while it runs. */
  Optional<Shell> process() {
    return phase == Phase.RUNNING ? Optional.of(shell) : Optional.empty();
  }

  /** Exit code of the last run, once it ended. */
  Optional<Integer> lastExitCode() {
    return Optional.ofNullable(last).map(ContainerState.Terminated::exitCode);
  }

  List<Run> runs() {
    return new ArrayList<>(runs);
  }

  private void beginRun(Instant at) {
    if (current != null) {
      previous = current;
    }
    LogRing ring = new LogRing(ringCapacity);
    current = ring;
    List<String> argv = new ArrayList<>(def.command());
    List<String> imageArgs = List.of();
    if (argv.isEmpty()) {
      imageArgs = def.args();
    } else {
      argv.addAll(def.args());
    }
    runStartedAt = at;
    phase = Phase.RUNNING;
    phaseSince = at;
    if (runs.size() == RUN_HISTORY) {
      runs.removeFirst();
    }
    runs.addLast(new Run(at, null));
    shell =
        new Shell(
            contexts.apply(this),
            Shell.Mode.MAIN,
            argv,
            imageArgs,
            at,
            (when, stderr, text) -> ring.append(when, text));
    shell.runUntil(at);
  }

  private void endRun(Instant at, int exitCode) {
    terminated(at, exitCode);
    boolean restart =
        init
            ? exitCode != 0 && policy != RestartPolicy.NEVER
            : switch (policy) {
              case ALWAYS -> true;
              case ON_FAILURE -> exitCode != 0;
              case NEVER -> false;
            };
    if (!restart) {
      phase = Phase.DONE;
      return;
    }
    if (Duration.between(runStartedAt, at).compareTo(BACKOFF_RESET_AFTER) >= 0) {
      backoffLevel = 0;
    }
    Duration delay =
        backoffLevel == 0
            ? Duration.ZERO
            : BACKOFF_INITIAL.multipliedBy(1L << Math.min(backoffLevel - 1, 10));
    if (delay.compareTo(BACKOFF_MAX) > 0) {
      delay = BACKOFF_MAX;
    }
    backoffLevel++;
    restartAt = at.plus(delay);
    phase = Phase.BACKING_OFF;
  }

  private void terminated(Instant at, int exitCode) {
    beforeLast = last;
    last =
        new ContainerState.Terminated(
            exitCode,
            exitCode == 0 ? "Completed" : "Error",
            Optional.empty(),
            Optional.of(runStartedAt),
            Optional.of(at));
    Run open = runs.pollLast();
    if (open != null) {
      runs.addLast(new Run(open.start(), at));
    }
  }
}
