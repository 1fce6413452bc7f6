package io.cubevk.domain.translation;

import java.util.Objects;

/**
 * Where the API server really listens: an address of the {@code default/kubernetes} Endpoints. A
 * Cube on a node without cluster-IP support cannot reach the {@code kubernetes} Service's cluster
 * IP, so its {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} point here instead.
 *
 * @param host an IP address (or host name)
 * @param port the TCP port, e.g. 6443
 */
public record ApiServerEndpoint(String host, int port) {

  public ApiServerEndpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("ApiServerEndpoint: host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "ApiServerEndpoint: port " + port + " is not a TCP port (1-65535)");
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
