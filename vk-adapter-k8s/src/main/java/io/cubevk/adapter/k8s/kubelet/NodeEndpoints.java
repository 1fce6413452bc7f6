package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.NodeStats;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node-wide endpoints: {@code /pods}, {@code /stats/summary}, {@code /metrics/resource}. */
final class NodeEndpoints {

  private static final Logger log = LoggerFactory.getLogger(NodeEndpoints.class);
  private static final JSON JSON_CODEC = new JSON();

  private NodeEndpoints() {}

  static void pods(Exchange exchange) {
    String node = exchange.server().nodeName();
    exchange.offload(
        () -> exchange.server().pods().podsOn(node),
        pods -> {
          V1PodList list =
              new V1PodList()
                  .apiVersion("v1")
                  .kind("PodList")
                  .metadata(new V1ListMeta())
                  .items(List.<V1Pod>copyOf(pods));
          exchange.respond(
              HttpResponses.of(
                  HttpResponseStatus.OK,
                  HttpResponses.JSON,
                  JSON_CODEC.serialize(list).getBytes(StandardCharsets.UTF_8)));
        },
        failure -> {
          log.error("Listing the pods of node {} failed: {}", node, failure.getMessage());
          exchange.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, failure.getMessage());
        });
  }

  static void summary(Exchange exchange) {
    String node = exchange.server().nodeName();
    exchange.offload(
        () -> statsOf(exchange, node),
        stats ->
            exchange.respond(
                HttpResponses.of(
                    HttpResponseStatus.OK,
                    HttpResponses.JSON,
                    SummaryJson.summary(node, stats).toString().getBytes(StandardCharsets.UTF_8))),
        failure -> {
          log.error("Reading the stats of node {} failed: {}", node, failure.getMessage());
          exchange.respond(
              HttpResponseStatus.INTERNAL_SERVER_ERROR,
              "failed to get node info: " + StreamFailures.message(failure));
        });
  }

  static void resourceMetrics(Exchange exchange) {
    String node = exchange.server().nodeName();
    exchange.offload(
        () -> statsOf(exchange, node),
        stats ->
            exchange.respond(
                HttpResponses.of(
                    HttpResponseStatus.OK,
                    ResourceMetrics.CONTENT_TYPE,
                    ResourceMetrics.text(stats, false))),
        failure -> {
          // kubelet's collector reports the failure in the scrape, not as an HTTP error.
          log.error("Reading the stats of node {} failed: {}", node, failure.getMessage());
          exchange.respond(
              HttpResponses.of(
                  HttpResponseStatus.OK,
                  ResourceMetrics.CONTENT_TYPE,
                  ResourceMetrics.text(Optional.empty(), true)));
        });
  }

  private static Optional<NodeStats> statsOf(Exchange exchange, String node) {
    return exchange.server().stats().stats().stream()
        .filter(s -> s.nodeName().equals(node))
        .findFirst();
  }
}
