package io.cubevk.adapter.k8s.kubelet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cubevk.adapter.k8s.kubelet.StubApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubjectAccessReviewAuthorizerTest {

  private static final String PATH = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  private final StubApiServer api;
  private final UserInfo alice = new UserInfo("alice", "uid-a", List.of("devs"), Map.of());

  SubjectAccessReviewAuthorizerTest() throws Exception {
    api =
        new StubApiServer()
            .on(
                "POST",
                PATH,
                r -> {
                  JsonObject attributes =
                      JsonParser.parseString(r.body())
                          .getAsJsonObject()
                          .getAsJsonObject("spec")
                          .getAsJsonObject("resourceAttributes");
                  boolean allowed = attributes.get("subresource").getAsString().equals("log");
                  return StubApiServer.review(r, "{\"allowed\":" + allowed + "}");
                });
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private SubjectAccessReviewAuthorizer authorizer() {
    return new SubjectAccessReviewAuthorizer(
        api.client(), Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  @Test
  void asksAboutTheNodeSubresourceWithTheCallersIdentity() {
    boolean allowed =
        authorizer()
            .authorize(
                new RequestAttributes(alice, "get", "log", "vk-node-1", "/containerLogs/a/b/c"));

    assertThat(allowed).isTrue();
    JsonObject spec =
        JsonParser.parseString(api.requests.get(0).body())
            .getAsJsonObject()
            .getAsJsonObject("spec");
    assertThat(spec.get("user").getAsString()).isEqualTo("alice");
    assertThat(spec.get("uid").getAsString()).isEqualTo("uid-a");
    assertThat(spec.get("groups").toString()).isEqualTo("[\"devs\"]");
    JsonObject attributes = spec.getAsJsonObject("resourceAttributes");
    assertThat(attributes.get("verb").getAsString()).isEqualTo("get");
    assertThat(attributes.get("resource").getAsString()).isEqualTo("nodes");
    assertThat(attributes.get("subresource").getAsString()).isEqualTo("log");
    assertThat(attributes.get("name").getAsString()).isEqualTo("vk-node-1");
    assertThat(attributes.get("version").getAsString()).isEqualTo("v1");
  }

  @Test
  void aDenialIsFalseAndBothAnswersAreCached() {
    SubjectAccessReviewAuthorizer authorizer = authorizer();
    var proxy = new RequestAttributes(alice, "create", "proxy", "vk-node-1", "/exec/a/b/c");
    var log = new RequestAttributes(alice, "get", "log", "vk-node-1", "/containerLogs/a/b/c");

    assertThat(authorizer.authorize(proxy)).isFalse();
    assertThat(authorizer.authorize(proxy)).isFalse();
    assertThat(authorizer.authorize(log)).isTrue();
    assertThat(authorizer.authorize(log)).isTrue();

    assertThat(api.requests).hasSize(2);
  }

  @Test
  void anUnreachableApiServerIsAnAuthorizationError() {
    api.close();

    assertThatThrownBy(
            () ->
                authorizer()
                    .authorize(new RequestAttributes(alice, "get", "stats", "n", "/stats/summary")))
        .isInstanceOf(Authorizer.AuthorizationUnavailableException.class);
  }
}
