/**
 * Who may use the kubelet API, decided as kubelet decides it: the caller is authenticated by a
 * client certificate signed by the client CA (the API server's way) or by a bearer token the
 * cluster vouches for ({@link io.cubevk.adapter.k8s.kubelet.auth.TokenReviewAuthenticator}); the
 * request is then authorised for the node's {@code nodes/<subresource>} by the cluster ({@link
 * io.cubevk.adapter.k8s.kubelet.auth.SubjectAccessReviewAuthorizer}). Both answers are cached for a
 * short time, as kubelet's webhook authenticator and authorizer do, so a busy {@code logs -f}
 * client does not cost the API server a review per request. Tests plug in fakes through the two
 * small interfaces.
 */
package io.cubevk.adapter.k8s.kubelet.auth;
