package io.cubevk.adapter.fake.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where a node's kubelet listens, as its Node object advertises it: the first {@code InternalIP} of
 * {@code status.addresses} (the real API server's default preference) and {@code
 * status.daemonEndpoints.kubeletEndpoint.Port}.
 */
record KubeletEndpoint(String host, int port) {

  static Optional<KubeletEndpoint> of(JsonNode node) {
    int port = node.at("/status/daemonEndpoints/kubeletEndpoint/Port").asInt(0);
    if (port <= 0 || port > 65535) {
      return Optional.empty();
    }
    for (JsonNode address : node.at("/status/addresses")) {
      if ("InternalIP".equals(address.path("type").asText())
          && !address.path("address").asText().isEmpty()) {
        return Optional.of(new KubeletEndpoint(address.path("address").asText(), port));
      }
    }
    return Optional.empty();
  }

  /** The {@code Host} header value. */
  String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return authority();
  }
}
