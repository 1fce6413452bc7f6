package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.Policy;
import io.cubevk.adapter.fake.apiserver.auth.TokenIssuer;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.ApiException.Cause;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API objects that are answered rather than stored: TokenRequest ({@code
 * serviceaccounts/token}), TokenReview, SubjectAccessReview and its self variants, and the bodies
 * of {@code pods/binding} and the {@code scale} subresource.
 */
final class Reviews {
  private final Store store;
  private final TokenIssuer issuer;
  private final Authenticator authenticator;
  private final PolicyHolder policy;

  /** The policy, replaceable while the server runs. */
  static final class PolicyHolder {
    volatile Policy policy;

    PolicyHolder(Policy policy) {
      this.policy = policy;
    }
  }

  Reviews(Store store, TokenIssuer issuer, Authenticator authenticator, PolicyHolder policy) {
    this.store = store;
    this.issuer = issuer;
    this.authenticator = authenticator;
    this.policy = policy;
  }

  ObjectNode tokenRequest(String namespace, String saName, ObjectNode body) {
    ResourceType sas = store.resources().require("", "serviceaccounts");
    ObjectNode sa = store.get(sas, namespace, saName);
    JsonNode spec = body.path("spec");
    long seconds = spec.path("expirationSeconds").asLong(3600);
    if (seconds < 600) {
      throw ApiException.invalid(
          type("authentication.k8s.io", "TokenRequest"),
          saName,
          List.of(
              new Cause(
                  "FieldValueInvalid",
                  "Invalid value: "
                      + seconds
                      + ": may not specify a duration less than 10"
                      + " minutes",
                  "spec.expirationSeconds")));
    }
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asText()));
    if (audiences.isEmpty()) {
      audiences.add(TokenIssuer.ISSUER);
    }
    String podName = null;
    String podUid = null;
    JsonNode bound = spec.path("boundObjectRef");
    if (bound.isObject() && bound.path("kind").asText().equals("Pod")) {
      ResourceType pods = store.resources().require("", "pods");
      ObjectNode pod = store.get(pods, namespace, bound.path("name").asText());
      if (bound.hasNonNull("uid") && !bound.get("uid").asText().equals(Json.uid(pod))) {
        throw ApiException.conflict(
            pods,
            bound.path("name").asText(),
            "the UID in the bound object reference ("
                + bound.get("uid").asText()
                + ") does not match the UID in record");
      }
      podName = Json.name(pod);
      podUid = Json.uid(pod);
    }
    String token =
        issuer.issue(namespace, saName, Json.uid(sa), audiences, seconds, podName, podUid);
    ObjectNode out = Json.object();
    out.put("kind", "TokenRequest");
    out.put("apiVersion", "authentication.k8s.io/v1");
    out.putObject("metadata")
        .put("name", saName)
        .put("namespace", namespace)
        .put("creationTimestamp", Json.time(store.clock().instant()));
    ObjectNode outSpec = out.putObject("spec");
    ArrayNode aud = outSpec.putArray("audiences");
    audiences.forEach(aud::add);
    outSpec.put("expirationSeconds", seconds);
    if (bound.isObject()) {
      outSpec.set("boundObjectRef", bound);
    }
    out.putObject("status")
        .put("token", token)
        .put("expirationTimestamp", Json.time(store.clock().instant().plusSeconds(seconds)));
    return out;
  }

  ObjectNode tokenReview(ObjectNode body) {
    String token = body.path("spec").path("token").asText("");
    List<String> wanted = new ArrayList<>();
    body.path("spec").path("audiences").forEach(a -> wanted.add(a.asText()));
    ObjectNode out = body.deepCopy();
    out.put("kind", "TokenReview");
    out.put("apiVersion", "authentication.k8s.io/v1");
    Json.meta(out).put("creationTimestamp", Json.time(store.clock().instant()));
    ObjectNode status = out.putObject("status");
    Optional<TokenIssuer.Claims> claims = issuer.verify(token, null);
    Optional<Identity> id;
    List<String> tokenAudiences;
    if (claims.isPresent()) {
      tokenAudiences =
          claims.get().audiences().isEmpty()
              ? List.of(TokenIssuer.ISSUER)
              : claims.get().audiences();
      id = authenticator.serviceAccount(claims.get());
    } else {
      tokenAudiences = List.of(TokenIssuer.ISSUER);
      id = authenticator.authenticateToken(token);
    }
    List<String> audiences = new ArrayList<>();
    if (wanted.isEmpty()) {
      audiences.addAll(
          tokenAudiences.contains(TokenIssuer.ISSUER) ? List.of(TokenIssuer.ISSUER) : List.of());
    } else {
      wanted.stream().filter(tokenAudiences::contains).forEach(audiences::add);
    }
    if (id.isEmpty() || audiences.isEmpty()) {
      status.put("authenticated", false);
      status.put(
          "error",
          id.isEmpty()
              ? "invalid bearer token, the token is unknown, expired, or its service account or"
                  + " pod no longer exists"
              : "token audiences "
                  + tokenAudiences
                  + " is invalid for the target audiences "
                  + wanted);
      return out;
    }
    status.put("authenticated", true);
    ObjectNode user = status.putObject("user");
    user.put("username", id.get().user());
    if (!id.get().uid().isEmpty()) {
      user.put("uid", id.get().uid());
    }
    ArrayNode groups = user.putArray("groups");
    id.get().groups().forEach(groups::add);
    if (claims.isPresent() && claims.get().podName() != null) {
      ObjectNode extra = user.putObject("extra");
      extra.putArray("authentication.kubernetes.io/pod-name").add(claims.get().podName());
      extra.putArray("authentication.kubernetes.io/pod-uid").add(claims.get().podUid());
    }
    ArrayNode aud = status.putArray("audiences");
    audiences.forEach(aud::add);
    return out;
  }

  ObjectNode subjectAccessReview(ObjectNode body, Identity self, String kind) {
    JsonNode spec = body.path("spec");
    String user;
    List<String> groups = new ArrayList<>();
    if (self != null) {
      user = self.user();
      groups.addAll(self.groups());
    } else {
      user = spec.path("user").asText("");
      spec.path("groups").forEach(g -> groups.add(g.asText()));
      if (user.isEmpty() && groups.isEmpty()) {
        throw ApiException.invalid(
            type("authorization.k8s.io", kind),
            "",
            List.of(
                new Cause(
                    "FieldValueRequired",
                    "Required value: at least one of user or group must be specified",
                    "spec.user")));
      }
    }
    JsonNode ra = spec.path("resourceAttributes");
    JsonNode nra = spec.path("nonResourceAttributes");
    Policy.Attributes attrs;
    if (ra.isObject()) {
      attrs =
          new Policy.Attributes(
              user,
              groups,
              ra.path("verb").asText(""),
              ra.path("group").asText(""),
              ra.path("resource").asText(""),
              ra.path("subresource").asText(""),
              ra.path("namespace").asText(""),
              ra.path("name").asText(""),
              null);
    } else if (nra.isObject()) {
      attrs =
          new Policy.Attributes(
              user,
              groups,
              nra.path("verb").asText(""),
              "",
              "",
              "",
              "",
              "",
              nra.path("path").asText(""));
    } else {
      throw ApiException.invalid(
          type("authorization.k8s.io", kind),
          "",
          List.of(
              new Cause(
                  "FieldValueRequired",
                  "Required value: exactly one of nonResourceAttributes or resourceAttributes"
                      + " must be specified",
                  "spec.resourceAttributes")));
    }
    Policy.Decision d = policy.policy.decide(attrs);
    ObjectNode out = body.deepCopy();
    out.put("kind", kind);
    out.put("apiVersion", "authorization.k8s.io/v1");
    Json.meta(out).put("creationTimestamp", Json.time(store.clock().instant()));
    ObjectNode status = out.putObject("status");
    status.put("allowed", d.allowed());
    if (!d.reason().isEmpty()) {
      status.put("reason", d.reason());
    }
    return out;
  }

  ObjectNode selfSubjectReview(Identity self) {
    ObjectNode out = Json.object();
    out.put("kind", "SelfSubjectReview");
    out.put("apiVersion", "authentication.k8s.io/v1");
    out.putObject("metadata").put("creationTimestamp", Json.time(store.clock().instant()));
    ObjectNode ui = out.putObject("status").putObject("userInfo");
    ui.put("username", self.user());
    if (!self.uid().isEmpty()) {
      ui.put("uid", self.uid());
    }
    ArrayNode g = ui.putArray("groups");
    self.groups().forEach(g::add);
    return out;
  }

  /** Binds a pending pod to a node: sets spec.nodeName and the PodScheduled condition. */
  void bind(String namespace, String pod, ObjectNode binding, boolean dryRun) {
    String node = binding.path("target").path("name").asText("");
    ResourceType pods = store.resources().require("", "pods");
    if (node.isEmpty()) {
      throw ApiException.invalid(
          pods, pod, List.of(new Cause("FieldValueRequired", "Required value", "target.name")));
    }
    store.mutate(
        pods,
        namespace,
        pod,
        "binding",
        cur -> {
          String have = cur.path("spec").path("nodeName").asText("");
          if (!have.isEmpty()) {
            throw ApiException.conflict(
                pods, pod, "pod " + pod + " is already assigned to node \"" + have + "\"");
          }
          if (cur.path("metadata").has("deletionTimestamp")) {
            throw ApiException.conflict(pods, pod, "pod " + pod + " is being deleted");
          }
          Json.child(cur, "spec").put("nodeName", node);
          setCondition(cur, "PodScheduled", "True", "", "", store.clock().instant());
          return cur;
        },
        dryRun);
  }

  static void setCondition(
      ObjectNode obj, String type, String status, String reason, String message, Instant now) {
    ObjectNode st = Json.child(obj, "status");
    JsonNode c = st.get("conditions");
    ArrayNode conds = c instanceof ArrayNode a ? a : st.putArray("conditions");
    ObjectNode cond = null;
    for (JsonNode x : conds) {
      if (x.path("type").asText().equals(type)) {
        cond = (ObjectNode) x;
      }
    }
    if (cond == null) {
      cond = conds.addObject();
      cond.put("type", type);
    }
    if (!cond.path("status").asText().equals(status)) {
      cond.put("lastTransitionTime", Json.time(now));
    }
    cond.put("status", status);
    cond.putNull("lastProbeTime");
    if (reason.isEmpty()) {
      cond.remove("reason");
    } else {
      cond.put("reason", reason);
    }
    if (message.isEmpty()) {
      cond.remove("message");
    } else {
      cond.put("message", message);
    }
  }

  /** The autoscaling/v1 Scale view of a Deployment, ReplicaSet or StatefulSet. */
  static ObjectNode scaleOf(ObjectNode obj) {
    ObjectNode s = Json.object();
    s.put("kind", "Scale");
    s.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = s.putObject("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (obj.path("metadata").has(f)) {
        meta.set(f, obj.path("metadata").get(f));
      }
    }
    s.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
    ObjectNode st = s.putObject("status");
    st.put("replicas", obj.path("status").path("replicas").asInt(0));
    StringBuilder sel = new StringBuilder();
    obj.path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            e -> {
              if (sel.length() > 0) {
                sel.append(',');
              }
              sel.append(e.getKey()).append('=').append(e.getValue().asText());
            });
    st.put("selector", sel.toString());
    return s;
  }

  private static ResourceType type(String group, String kind) {
    return new ResourceType(
        group,
        "v1",
        kind.toLowerCase(java.util.Locale.ROOT) + "s",
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        false,
        List.of(),
        List.of(),
        List.of("create"),
        List.of(),
        false,
        false,
        Optional.empty());
  }
}
