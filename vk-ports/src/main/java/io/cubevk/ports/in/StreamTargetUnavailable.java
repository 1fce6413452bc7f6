package io.cubevk.ports.in;

/**
 * A container stream cannot be opened because its target is not there: the pod is not served by
 * this agent, the container does not exist, or its Cube is not running yet. The kubelet API answers
 * as kubelet does (404, or 400 for a container that is not running).
 */
public final class StreamTargetUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public StreamTargetUnavailable(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why the stream cannot be opened. */
  public enum Reason {
    POD_NOT_FOUND,
    CONTAINER_NOT_FOUND,
    CONTAINER_NOT_RUNNING
  }
}
