package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.auth.RequestAttributes;
import io.cubevk.adapter.k8s.kubelet.auth.UserInfo;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/**
 * kubelet's request-to-attributes mapping ({@code pkg/kubelet/server/auth.go}): resource {@code
 * nodes} named after the node; subresource {@code stats} under {@code /stats}, {@code metrics}
 * under {@code /metrics}, {@code log} under {@code /logs}, {@code proxy} otherwise; the verb from
 * the HTTP method.
 *
 * <p>Two choices go beyond kubelet, both asked for by issue 9:
 *
 * <ul>
 *   <li>{@code /containerLogs} is allowed by {@code nodes/log} as well as by kubelet's {@code
 *       nodes/proxy}, checked in that order, the way kubelet's fine-grained authorisation tries a
 *       specific subresource before {@code proxy}. Reading container logs is no more than {@code
 *       nodes/log} already grants on a real node, whose {@code /logs/} serves {@code
 *       /var/log/pods}.
 *   <li>A WebSocket upgrade is a {@code create}, like the POST that SPDY upgrades are: exec, attach
 *       and port-forward run things whatever the HTTP method, so a {@code get} on {@code
 *       nodes/proxy} (read-only, one would think) must not open them. kubelet maps the GET of a
 *       WebSocket upgrade to {@code get}.
 * </ul>
 */
final class NodeAuthorization {

  private NodeAuthorization() {}

  static List<RequestAttributes> attributes(
      UserInfo user, KubeletRequest request, String nodeName) {
    String verb = verb(request);
    String path = request.path();
    if (isSubpath(path, "/stats")) {
      return List.of(new RequestAttributes(user, verb, "stats", nodeName, path));
    }
    if (isSubpath(path, "/metrics")) {
      return List.of(new RequestAttributes(user, verb, "metrics", nodeName, path));
    }
    if (isSubpath(path, "/logs")) {
      return List.of(new RequestAttributes(user, verb, "log", nodeName, path));
    }
    if (isSubpath(path, "/containerLogs")) {
      return List.of(
          new RequestAttributes(user, verb, "log", nodeName, path),
          new RequestAttributes(user, verb, "proxy", nodeName, path));
    }
    return List.of(new RequestAttributes(user, verb, "proxy", nodeName, path));
  }

  static String verb(KubeletRequest request) {
    if (request.isWebSocketUpgrade() || request.isSpdyUpgrade()) {
      return "create";
    }
    HttpMethod method = request.method();
    if (HttpMethod.GET.equals(method)) {
      return "get";
    }
    if (HttpMethod.POST.equals(method)) {
      return "create";
    }
    if (HttpMethod.PUT.equals(method)) {
      return "update";
    }
    if (HttpMethod.PATCH.equals(method)) {
      return "patch";
    }
    if (HttpMethod.DELETE.equals(method)) {
      return "delete";
    }
    return "";
  }

  /** kubelet's {@code isSubpath}: the path itself or anything below it. */
  static boolean isSubpath(String subpath, String path) {
    return subpath.equals(path)
        || (subpath.startsWith(path)
            && subpath.length() > path.length()
            && subpath.charAt(path.length()) == '/');
  }

  /** kubelet's refusal text, naming what was asked (never the credentials). */
  static String forbiddenMessage(List<RequestAttributes> attributes) {
    RequestAttributes first = attributes.get(0);
    String subresource =
        attributes.size() == 1
            ? "subresource=" + first.subresource()
            : "subresource(s)="
                + attributes.stream()
                    .map(RequestAttributes::subresource)
                    .toList()
                    .toString()
                    .replace(",", "");
    return "Forbidden (user="
        + first.user().name()
        + ", verb="
        + first.verb()
        + ", resource="
        + first.resource()
        + ", "
        + subresource
        + ")";
  }

  static String authorizationErrorMessage(RequestAttributes attributes) {
    return "Authorization error (user="
        + attributes.user().name()
        + ", verb="
        + attributes.verb()
        + ", resource="
        + attributes.resource()
        + ", subresource="
        + attributes.subresource()
        + ")";
  }
}
