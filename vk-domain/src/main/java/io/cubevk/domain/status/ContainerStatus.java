package io.cubevk.domain.status;

import io.cubevk.domain.cube.ContainerState;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One container's status as the Pod reports it. States reuse the Cube model's {@link
 * ContainerState}: Cube reports them in Kubernetes' three shapes already.
 */
@Value.Immutable
public abstract class ContainerStatus {

  /** The scheme of container ids: {@code cube://<cube-id>/<container>}. */
  public static final String ID_SCHEME = "cube://";

  public abstract String name();

  public abstract String image();

  /** {@code cube://<cube-id>/<container>}, once the container was created. */
  public abstract Optional<String> containerId();

  public abstract boolean ready();

  public abstract boolean started();

  public abstract int restartCount();

  public abstract ContainerState state();

  public abstract Optional<ContainerState> lastState();

  /** The container id kubelet-style clients see for a container of a Cube. */
  public static String containerId(String cubeId, String containerName) {
    return ID_SCHEME + cubeId + "/" + containerName;
  }

  /** The Cube id inside a container id written by {@link #containerId}, if it is one. */
  public static Optional<String> cubeIdOf(String containerId) {
    if (containerId == null || !containerId.startsWith(ID_SCHEME)) {
      return Optional.empty();
    }
    String rest = containerId.substring(ID_SCHEME.length());
    int slash = rest.indexOf('/');
    return slash > 0 ? Optional.of(rest.substring(0, slash)) : Optional.empty();
  }

  /** Builds a {@link ContainerStatus}. */
  public static class Builder extends ImmutableContainerStatus.Builder {}
}
