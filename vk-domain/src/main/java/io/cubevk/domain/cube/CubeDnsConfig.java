package io.cubevk.domain.cube;

import java.util.List;
import java.util.Optional;

/**
 * A pod's resolver settings, in Kubernetes' {@code dnsConfig} shape (the Cube document is assumed
 * to accept it as Kubernetes does; see the assumptions table in cube-api.md).
 */
public record CubeDnsConfig(List<String> nameservers, List<String> searches, List<Option> options) {

  public CubeDnsConfig {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  /** A resolver option such as {@code ndots:5}. */
  public record Option(String name, Optional<String> value) {}
}
