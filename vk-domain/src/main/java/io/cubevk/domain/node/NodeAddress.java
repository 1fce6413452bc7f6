package io.cubevk.domain.node;

import java.util.Objects;

/**
 * One of a Node's {@code status.addresses}.
 *
 * @param type {@code InternalIP} or {@code Hostname}
 * @param address the address
 */
public record NodeAddress(String type, String address) {

  public NodeAddress {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(address, "address");
  }
}
