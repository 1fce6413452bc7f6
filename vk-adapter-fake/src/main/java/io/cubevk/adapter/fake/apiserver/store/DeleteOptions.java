package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The options of a DELETE, from its query parameters and its optional {@code DeleteOptions} body.
 *
 * @param gracePeriodSeconds null for the object's default
 * @param preconditionUid the uid the object must have, or null
 * @param preconditionResourceVersion the resourceVersion the object must have, or null
 * @param propagationPolicy Orphan, Background, Foreground or null (Background)
 * @param dryRun whether to only check
 */
public record DeleteOptions(
    Long gracePeriodSeconds,
    String preconditionUid,
    String preconditionResourceVersion,
    String propagationPolicy,
    boolean dryRun) {

  /** Defaults: the object's own grace period, no preconditions, background propagation. */
  public static DeleteOptions defaults() {
    return new DeleteOptions(null, null, null, null, false);
  }

  /** Delete at once (grace 0), as a kubelet does once a pod's containers are gone. */
  public static DeleteOptions now() {
    return new DeleteOptions(0L, null, null, null, false);
  }

  /** The same options with a uid precondition. */
  public DeleteOptions withUid(String uid) {
    return new DeleteOptions(
        gracePeriodSeconds, uid, preconditionResourceVersion, propagationPolicy, dryRun);
  }

  /** The same options with a propagation policy. */
  public DeleteOptions withPropagation(String policy) {
    return new DeleteOptions(
        gracePeriodSeconds, preconditionUid, preconditionResourceVersion, policy, dryRun);
  }

  /** Merges a {@code DeleteOptions} body over these options (the body wins where set). */
  public DeleteOptions withBody(JsonNode body) {
    if (body == null || !body.isObject()) {
      return this;
    }
    Long grace =
        body.hasNonNull("gracePeriodSeconds")
            ? Long.valueOf(body.get("gracePeriodSeconds").asLong())
            : gracePeriodSeconds;
    JsonNode pre = body.path("preconditions");
    String uid = pre.hasNonNull("uid") ? pre.get("uid").asText() : preconditionUid;
    String rv =
        pre.hasNonNull("resourceVersion")
            ? pre.get("resourceVersion").asText()
            : preconditionResourceVersion;
    String policy =
        body.hasNonNull("propagationPolicy")
            ? body.get("propagationPolicy").asText()
            : propagationPolicy;
    if (policy == null && body.hasNonNull("orphanDependents")) {
      policy = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
    }
    boolean dry = dryRun || body.path("dryRun").size() > 0;
    return new DeleteOptions(grace, uid, rv, policy, dry);
  }
}
