package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.auth.Authorizer;
import io.cubevk.adapter.k8s.kubelet.auth.RequestAttributes;
import io.cubevk.adapter.k8s.kubelet.auth.TokenAuthenticator;
import io.cubevk.adapter.k8s.kubelet.auth.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fake authentication and authorisation: two tokens ({@link #ADMIN_TOKEN} for a user allowed
 * everything, {@link #VIEWER_TOKEN} for one allowed only {@code get} on {@code nodes/stats} and
 * {@code nodes/metrics}); the API server's client certificate user ({@link #API_SERVER_USER}) is
 * allowed everything. Every authorisation question is recorded.
 */
final class FakeAuth implements TokenAuthenticator, Authorizer {

  static final String ADMIN_TOKEN = "admin-token-123";
  static final String VIEWER_TOKEN = "viewer-token-456";
  static final String API_SERVER_USER = "kube-apiserver-kubelet-client";

  private final Map<String, UserInfo> tokens =
      Map.of(
          ADMIN_TOKEN, UserInfo.of("admin", "system:masters"),
          VIEWER_TOKEN, UserInfo.of("viewer", "viewers"));

  final List<RequestAttributes> asked = new CopyOnWriteArrayList<>();

  void reset() {
    asked.clear();
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  @Override
  public boolean authorize(RequestAttributes attributes) {
    asked.add(attributes);
    String user = attributes.user().name();
    if (user.equals("admin") || user.equals(API_SERVER_USER)) {
      return true;
    }
    return user.equals("viewer")
        && attributes.verb().equals("get")
        && Set.of("stats", "metrics").contains(attributes.subresource());
  }
}
