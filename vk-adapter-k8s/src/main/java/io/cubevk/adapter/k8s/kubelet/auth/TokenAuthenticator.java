package io.cubevk.adapter.k8s.kubelet.auth;

import java.util.Optional;

/** Says who a bearer token belongs to. Blocking: the server calls it off its event loops. */
@FunctionalInterface
public interface TokenAuthenticator {

  /**
   * @return the token's user, or empty when the token is not valid (the request gets 401)
   * @throws AuthenticationUnavailableException when it cannot be decided now (also 401, as kubelet
   *     answers; logged as an error)
   */
  Optional<UserInfo> authenticate(String token);

  /** Token authentication could not be decided (e.g. the API server is unreachable). */
  final class AuthenticationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
