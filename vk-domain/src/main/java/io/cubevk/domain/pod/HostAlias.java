package io.cubevk.domain.pod;

import java.util.List;
import java.util.Objects;

/**
 * One of a pod's {@code hostAliases}: extra {@code /etc/hosts} lines.
 *
 * @param ip the address
 * @param hostnames the names it resolves
 */
public record HostAlias(String ip, List<String> hostnames) {

  public HostAlias {
    Objects.requireNonNull(ip, "ip");
    hostnames = List.copyOf(hostnames);
  }
}
