package io.cubevk.adapter.k8s.kubelet.auth;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.time.Clock;
import java.time.Duration;

/**
 * Requests authorised by a {@code authorization.k8s.io/v1} SubjectAccessReview, as kubelet's
 * webhook authorizer does ({@code --authorization-mode=Webhook}): the user, groups, uid and extra
 * of the caller, and {@code verb} on {@code nodes/<subresource>} named after the node. Allowed
 * answers are cached for {@code allowedTtl} and denied ones for {@code deniedTtl} (kubelet: 5
 * minutes and 30 seconds).
 */
public final class SubjectAccessReviewAuthorizer implements Authorizer {

  private final AuthorizationV1Api api;
  private final Duration allowedTtl;
  private final Duration deniedTtl;
  private final TtlCache<RequestAttributes, Boolean> cache;

  public SubjectAccessReviewAuthorizer(ApiClient client, Duration allowedTtl, Duration deniedTtl) {
    this(client, allowedTtl, deniedTtl, Clock.systemUTC());
  }

  SubjectAccessReviewAuthorizer(
      ApiClient client, Duration allowedTtl, Duration deniedTtl, Clock clock) {
    this.api = new AuthorizationV1Api(client);
    this.allowedTtl = allowedTtl;
    this.deniedTtl = deniedTtl;
    this.cache = new TtlCache<>(clock, 4096);
  }

  @Override
  public boolean authorize(RequestAttributes attributes) {
    // The path only differs between requests that share every attribute the API server sees.
    RequestAttributes key =
        new RequestAttributes(
            attributes.user(),
            attributes.verb(),
            attributes.subresource(),
            attributes.nodeName(),
            "");
    var cached = cache.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    UserInfo user = attributes.user();
    V1SubjectAccessReview review;
    try {
      review =
          api.createSubjectAccessReview(
                  new V1SubjectAccessReview()
                      .apiVersion("authorization.k8s.io/v1")
                      .kind("SubjectAccessReview")
                      .spec(
                          new V1SubjectAccessReviewSpec()
                              .user(user.name())
                              .uid(user.uid().isEmpty() ? null : user.uid())
                              .groups(user.groups())
                              .extra(user.extra().isEmpty() ? null : user.extra())
                              .resourceAttributes(
                                  new V1ResourceAttributes()
                                      .verb(attributes.verb())
                                      .version("v1")
                                      .resource(attributes.resource())
                                      .subresource(attributes.subresource())
                                      .name(attributes.nodeName()))))
              .execute();
    } catch (ApiException e) {
      throw new AuthorizationUnavailableException(
          "SubjectAccessReview failed: HTTP " + e.getCode(), e);
    }
    boolean allowed =
        review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    cache.put(key, allowed, allowed ? allowedTtl : deniedTtl);
    return allowed;
  }
}
