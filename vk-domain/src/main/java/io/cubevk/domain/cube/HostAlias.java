package io.cubevk.domain.cube;

import java.util.List;

/** An {@code /etc/hosts} entry of the Cube, as Kubernetes' {@code hostAliases}. */
public record HostAlias(String ip, List<String> hostnames) {

  public HostAlias {
    hostnames = List.copyOf(hostnames);
  }
}
