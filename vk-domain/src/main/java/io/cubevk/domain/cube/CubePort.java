package io.cubevk.domain.cube;

import java.util.Optional;

/** A container port the Cube exposes on its VPC address. */
public record CubePort(int containerPort, String protocol, Optional<String> name) {

  public static CubePort tcp(int containerPort) {
    return new CubePort(containerPort, "TCP", Optional.empty());
  }
}
