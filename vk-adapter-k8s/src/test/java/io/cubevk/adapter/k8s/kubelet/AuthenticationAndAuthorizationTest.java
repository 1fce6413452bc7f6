package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static io.cubevk.adapter.k8s.kubelet.FakeAuth.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cubevk.adapter.k8s.kubelet.auth.RequestAttributes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthenticationAndAuthorizationTest extends KubeletServerTestSupport {

  private final Logger auditLogger = (Logger) LoggerFactory.getLogger("io.cubevk.kubelet.audit");
  private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

  @BeforeEach
  void attachAuditLog() {
    audit.list.clear();
    audit.start();
    auditLogger.addAppender(audit);
  }

  @AfterEach
  void detach() {
    auditLogger.detachAppender(audit);
  }

  private List<String> auditLines() {
    return audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void anonymousRequestsAre401AndAudited() throws Exception {
    HttpResponse<String> response = kubelet.get("/containerLogs/default/web/app", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("Unauthorized");
    assertThat(kubelet.streams.calls.get()).isZero();
    assertThat(kubelet.auth.asked).isEmpty();
    assertThat(auditLines())
        .singleElement()
        .asString()
        .contains("401", "GET /containerLogs/default/web/app", "no client certificate");
  }

  @Test
  void anUnknownTokenIs401AndTheTokenIsNeverLogged() throws Exception {
    HttpResponse<String> response =
        kubelet.get("/healthz?secret=query-value", "not-a-real-token-987");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(auditLines()).singleElement().asString().contains("bearer token rejected");
    assertThat(String.join("\n", auditLines()))
        .doesNotContain("not-a-real-token-987")
        .doesNotContain("query-value");
  }

  @Test
  void aTokenWithoutRightsIs403WithKubeletsMessageAndNothingRuns() throws Exception {
    Throwable refused =
        catchThrowable(
            () ->
                WsTestClient.connect(
                    kubelet.httpClient(),
                    kubelet.wsUri("/exec/default/web/app?command=rm&command=-rf&stdout=1"),
                    VIEWER_TOKEN,
                    "v5.channel.k8s.io"));
    HttpResponse<String> logs = kubelet.get("/containerLogs/default/web/app", VIEWER_TOKEN);

    assertThat(WsTestClient.refusedStatus(refused)).isEqualTo(403);
    assertThat(logs.statusCode()).isEqualTo(403);
    assertThat(logs.body())
        .isEqualTo("Forbidden (user=viewer, verb=get, resource=nodes, subresource(s)=[log proxy])");
    assertThat(kubelet.streams.calls.get()).isZero();
    assertThat(kubelet.streams.execRequests).isEmpty();
    assertThat(auditLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "Forbidden (user=viewer, verb=create, resource=nodes, subresource=proxy)",
                        "/exec/default/web/app"));
    assertThat(String.join("\n", auditLines())).doesNotContain(VIEWER_TOKEN);
  }

  @Test
  void aPlainPostToExecIsCreateOnNodesProxyAsOnKubelet() throws Exception {
    HttpResponse<String> response =
        kubelet.post("/exec/default/web/app?command=ls&stdout=1", VIEWER_TOKEN);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .isEqualTo("Forbidden (user=viewer, verb=create, resource=nodes, subresource=proxy)");
  }

  @Test
  void readersOfStatsAndMetricsNeedOnlyThoseSubresources() throws Exception {
    assertThat(kubelet.get("/stats/summary", VIEWER_TOKEN).statusCode()).isEqualTo(200);
    assertThat(kubelet.get("/metrics/resource", VIEWER_TOKEN).statusCode()).isEqualTo(200);
    assertThat(kubelet.get("/pods", VIEWER_TOKEN).statusCode()).isEqualTo(403);

    assertThat(kubelet.auth.asked)
        .extracting(RequestAttributes::verb, RequestAttributes::subresource)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("get", "stats"),
            org.assertj.core.groups.Tuple.tuple("get", "metrics"),
            org.assertj.core.groups.Tuple.tuple("get", "proxy"));
    assertThat(kubelet.auth.asked)
        .allSatisfy(
            a -> {
              assertThat(a.nodeName()).isEqualTo(KubeletFixture.NODE);
              assertThat(a.resource()).isEqualTo("nodes");
            });
  }

  @Test
  void aClientCertificateSignedByTheClientCaAuthenticatesWithoutAToken() throws Exception {
    TestPki.Client apiServer =
        kubelet.clientCa.client(FakeAuth.API_SERVER_USER, "system:masters", "kubelet-clients");
    HttpResponse<String> response =
        kubelet
            .httpClient(kubelet.clientCertificateContext(apiServer))
            .send(
                HttpRequest.newBuilder(kubelet.uri("/containerLogs/default/web/app")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("line 1\nline 2\nline 3\n");
    RequestAttributes asked = kubelet.auth.asked.get(0);
    assertThat(asked.user().name()).isEqualTo(FakeAuth.API_SERVER_USER);
    assertThat(asked.user().groups())
        .containsExactlyInAnyOrder("system:masters", "kubelet-clients");
  }

  @Test
  void aClientCertificateFromAnotherCaFailsTheHandshake() {
    TestPki.Client stranger = TestPki.authority("someone-else").client("admin", "system:masters");

    Throwable failure =
        catchThrowable(
            () ->
                kubelet
                    .httpClient(TestPki.clientContextAlwaysPresenting(kubelet.serverCa, stranger))
                    .send(
                        HttpRequest.newBuilder(kubelet.uri("/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()));

    assertThat(failure).isInstanceOf(java.io.IOException.class); // the server's TLS alert
    assertThat(kubelet.auth.asked).isEmpty();
    assertThat(audit.list).isEmpty(); // refused before any HTTP
  }

  @Test
  void anAuthorizerThatCannotDecideIs500AuthorizationError() throws Exception {
    try (KubeletFixture failing =
        new KubeletFixture(
            b ->
                b.authorizer(
                    a -> {
                      throw new io.cubevk.adapter.k8s.kubelet.auth.Authorizer
                          .AuthorizationUnavailableException("API server down", null);
                    }))) {
      HttpResponse<String> response = failing.get("/pods", ADMIN_TOKEN);

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo(
              "Authorization error (user=admin, verb=get, resource=nodes, subresource=proxy)");
    }
  }
}
