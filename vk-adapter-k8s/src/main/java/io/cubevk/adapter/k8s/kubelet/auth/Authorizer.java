package io.cubevk.adapter.k8s.kubelet.auth;

/** Decides whether a request may proceed. Blocking: the server calls it off its event loops. */
@FunctionalInterface
public interface Authorizer {

  /**
   * @return whether the user may do what the attributes say
   * @throws AuthorizationUnavailableException when it cannot be decided now (the request gets 500
   *     "Authorization error", as on kubelet)
   */
  boolean authorize(RequestAttributes attributes);

  /** The decision could not be made (e.g. the API server is unreachable). */
  final class AuthorizationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthorizationUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
