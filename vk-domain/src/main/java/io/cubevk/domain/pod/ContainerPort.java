package io.cubevk.domain.pod;

import java.util.Objects;
import java.util.Optional;

/**
 * One of a container's {@code ports}.
 *
 * @param name the port's name, if any
 * @param containerPort the port the container listens on
 * @param hostPort the node port it asks for (Cube has no node to bind it to)
 * @param protocol TCP, UDP or SCTP
 */
public record ContainerPort(
    Optional<String> name, int containerPort, Optional<Integer> hostPort, String protocol) {

  public ContainerPort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hostPort, "hostPort");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** An unnamed TCP port without host port. */
  public static ContainerPort tcp(int containerPort) {
    return new ContainerPort(Optional.empty(), containerPort, Optional.empty(), "TCP");
  }
}
