package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.translation.ProjectedToken;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.ServiceAccountTokens;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TokenRequest ({@code serviceaccounts/token}) bound to the pod, as kubelet asks for the token of a
 * projected {@code serviceAccountToken} volume: the token dies with the pod. The token itself never
 * reaches a message or a log.
 */
final class TokenRequester implements ServiceAccountTokens {

  private final Requests requests;
  private final CoreV1Api core;

  TokenRequester(Requests requests, CoreV1Api core) {
    this.requests = requests;
    this.core = core;
  }

  @Override
  public ProjectedToken request(
      String namespace,
      String serviceAccount,
      String audience,
      Duration expiration,
      String podName,
      PodUid podUid) {
    V1TokenRequestSpec spec =
        new V1TokenRequestSpec()
            .audiences(audience.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(audience)))
            .expirationSeconds(expiration.toSeconds())
            .boundObjectRef(
                new V1BoundObjectReference()
                    .apiVersion("v1")
                    .kind("Pod")
                    .name(podName)
                    .uid(podUid.value()));
    AuthenticationV1TokenRequest answer =
        requests.execute(
            "POST serviceaccounts/token "
                + namespace
                + "/"
                + serviceAccount
                + " for pod "
                + podName,
            () ->
                core.createNamespacedServiceAccountToken(
                        serviceAccount, namespace, new AuthenticationV1TokenRequest().spec(spec))
                    .buildCall(null),
            AuthenticationV1TokenRequest.class);
    if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
      throw new ClusterFailure.Unavailable(
          "POST serviceaccounts/token "
              + namespace
              + "/"
              + serviceAccount
              + ": the answer carried no token",
          null);
    }
    return new ProjectedToken(
        answer.getStatus().getToken(),
        Optional.ofNullable(answer.getStatus().getExpirationTimestamp()).map(t -> t.toInstant()));
  }
}
