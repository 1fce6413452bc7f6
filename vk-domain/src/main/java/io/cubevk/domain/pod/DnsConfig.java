package io.cubevk.domain.pod;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod's {@code dnsConfig}, passed on to the Cube.
 *
 * @param nameservers extra name servers
 * @param searches extra search domains
 * @param options resolver options
 */
public record DnsConfig(List<String> nameservers, List<String> searches, List<Option> options) {

  public DnsConfig {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  /**
   * A resolver option such as {@code ndots: 2}.
   *
   * @param name the option's name
   * @param value its value, if it has one
   */
  public record Option(String name, Optional<String> value) {
    public Option {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
