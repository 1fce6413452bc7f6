package io.cubevk.domain.decision;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.translation.Unresolved;
import io.cubevk.domain.translation.Warning;
import java.util.List;
import java.util.Objects;

/**
 * The one thing the engine should do next for a pod. Create them through the factories, which are
 * named for intent.
 */
public sealed interface PodAction
    permits PodAction.CreateCube,
        PodAction.RenewCube,
        PodAction.DeleteCube,
        PodAction.ReportStatus,
        PodAction.RemovePod,
        PodAction.FailPod,
        PodAction.Nothing {

  /**
   * Create the pod's Cube (CreateCubePod with the node's placement).
   *
   * @param spec the Cube document
   * @param options billing, tag and EIP from the annotations
   * @param size the Cube's size, for events and metrics
   * @param warnings to publish as events on the pod
   */
  record CreateCube(CubeSpec spec, CubeOptions options, CubeSize size, List<Warning> warnings)
      implements PodAction {
    public CreateCube {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(size, "size");
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Replace a running Cube's document (RenewCubePod): mounted Secret/ConfigMap data, tokens or
   * images changed.
   *
   * @param cubeId the Cube
   * @param spec the new document
   */
  record RenewCube(CubeId cubeId, CubeSpec spec) implements PodAction {
    public RenewCube {
      Objects.requireNonNull(cubeId, "cubeId");
      Objects.requireNonNull(spec, "spec");
    }
  }

  /**
   * Delete the pod's Cube (DeleteCubePod).
   *
   * @param cubeId the Cube
   * @param releaseEip whether its EIP goes too ({@code cube-eip-release})
   */
  record DeleteCube(CubeId cubeId, boolean releaseEip) implements PodAction {
    public DeleteCube {
      Objects.requireNonNull(cubeId, "cubeId");
    }
  }

  /**
   * Write this status to the pod. The decision returns it when the status differs from the one
   * reported, or while the pod waits for inputs, in which case the engine writes it only if it
   * changed and decides again later (with backoff), as kubelet retries.
   *
   * @param status the pod's status
   * @param waitingFor inputs the pod waits for; empty unless the pod is waiting
   */
  record ReportStatus(PodStatus status, List<Unresolved> waitingFor) implements PodAction {
    public ReportStatus {
      Objects.requireNonNull(status, "status");
      waitingFor = List.copyOf(waitingFor);
    }
  }

  /**
   * Delete the pod object with grace period 0 and a UID precondition: its Cube is gone.
   *
   * @param podUid the pod's uid, for the precondition
   */
  record RemovePod(PodUid podUid) implements PodAction {
    public RemovePod {
      Objects.requireNonNull(podUid, "podUid");
    }
  }

  /**
   * Mark the pod Failed, as kubelet does when it refuses a pod.
   *
   * @param reason a CamelCase reason ({@code OutOfpods}, {@code NodeDisabled}, …)
   * @param message every problem, for people
   * @param status the full status to write
   */
  record FailPod(String reason, String message, PodStatus status) implements PodAction {
    public FailPod {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Nothing to do now.
   *
   * @param why for logs and tests
   */
  record Nothing(String why) implements PodAction {
    public Nothing {
      Objects.requireNonNull(why, "why");
    }
  }

  static PodAction createCube(
      CubeSpec spec, CubeOptions options, CubeSize size, List<Warning> warnings) {
    return new CreateCube(spec, options, size, warnings);
  }

  static PodAction renewCube(CubeId cubeId, CubeSpec spec) {
    return new RenewCube(cubeId, spec);
  }

  static PodAction deleteCube(CubeId cubeId, boolean releaseEip) {
    return new DeleteCube(cubeId, releaseEip);
  }

  static PodAction reportStatus(PodStatus status) {
    return new ReportStatus(status, List.of());
  }

  static PodAction keepWaiting(PodStatus status, List<Unresolved> waitingFor) {
    return new ReportStatus(status, waitingFor);
  }

  static PodAction removePod(PodUid podUid) {
    return new RemovePod(podUid);
  }

  static PodAction failPod(PodStatus status) {
    return new FailPod(status.reason().orElse("Failed"), status.message().orElse(""), status);
  }

  static PodAction nothing(String why) {
    return new Nothing(why);
  }
}
