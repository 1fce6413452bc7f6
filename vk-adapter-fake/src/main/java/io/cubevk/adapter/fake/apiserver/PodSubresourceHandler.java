package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The extension point for the streaming subresources that a real API server proxies to the kubelet:
 * {@code pods/log}, {@code pods/exec}, {@code pods/attach}, {@code pods/portforward} and {@code
 * nodes/proxy}. The server has looked the pod (or node) up and authorised the request; the handler
 * answers on the Netty channel itself (it may upgrade it to WebSocket or SPDY). The server installs
 * {@link io.cubevk.adapter.fake.apiserver.proxy.KubeletProxy} unless built with {@code
 * kubeletProxy(false)}; without a handler it answers 501 with a Status naming the subresource.
 */
@FunctionalInterface
public interface PodSubresourceHandler {

  /**
   * One request for a pod or node subresource.
   *
   * @param method HTTP method
   * @param uri the full request URI
   * @param headers the request headers (a copy)
   * @param body the request body
   * @param params decoded query parameters
   * @param resource {@code pods} or {@code nodes}
   * @param namespace the pod's namespace ("" for nodes)
   * @param name the pod or node name
   * @param subresource log, exec, attach, portforward or proxy
   * @param object the pod or node as stored (a copy)
   * @param user who asked
   */
  record Request(
      String method,
      String uri,
      HttpHeaders headers,
      byte[] body,
      Map<String, List<String>> params,
      String resource,
      String namespace,
      String name,
      String subresource,
      ObjectNode object,
      String user) {}

  /**
   * Answers the request on {@code ctx}. Called on a server worker thread; it may hand the channel
   * over to other handlers (after which the server's HTTP handler must no longer see it). It must
   * not wait for a kubelet: the kubelet may call back into this server (TokenReview,
   * SubjectAccessReview, CSRs), which needs a free worker.
   *
   * @return completes with the HTTP status code answered (a kubelet's, once known), for the request
   *     log
   */
  CompletionStage<Integer> handle(Request request, ChannelHandlerContext ctx);
}
