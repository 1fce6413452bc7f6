package io.cubevk.ports.out.cluster;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.translation.ProjectedToken;
import java.time.Duration;

/**
 * TokenRequest for a pod's service account, bound to the pod, as kubelet asks for the token of a
 * projected {@code serviceAccountToken} volume.
 */
public interface ServiceAccountTokens {

  /**
   * A fresh token.
   *
   * @param audience the audience; empty for the API server's own
   * @throws ClusterFailure.NotFound when the service account does not exist
   */
  ProjectedToken request(
      String namespace,
      String serviceAccount,
      String audience,
      Duration expiration,
      String podName,
      PodUid podUid);
}
