package io.cubevk.adapter.k8s.kubelet.auth;

/**
 * What a kubelet API request asks to do, in the API server's authorisation terms: {@code verb} on
 * {@code nodes/<subresource>} named {@code name} (always {@code resource=nodes}, API version v1, no
 * namespace, no group), as kubelet's {@code GetRequestAttributes} builds them.
 */
public record RequestAttributes(
    UserInfo user, String verb, String subresource, String nodeName, String path) {

  public static final String RESOURCE = "nodes";

  public String resource() {
    return RESOURCE;
  }
}
