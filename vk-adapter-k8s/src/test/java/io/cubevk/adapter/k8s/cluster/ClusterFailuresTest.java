package io.cubevk.adapter.k8s.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.ports.out.cluster.ClusterFailure;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the API server's refusals and transport errors become the port's failures. */
class ClusterFailuresTest {

  @Test
  void aConflictIsARetryableConflictNamingTheRequestAndTheServersReason() {
    ClusterFailure failure =
        ClusterFailures.of(
            "PUT nodes n1",
            error(409, status("Conflict", "Operation cannot be fulfilled on nodes \"n1\"")));

    assertThat(failure).isInstanceOf(ClusterFailure.Conflict.class);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage())
        .isEqualTo(
            "PUT nodes n1: HTTP 409 Conflict: Operation cannot be fulfilled on nodes \"n1\"");
  }

  @Test
  void notFoundIsNotFoundAndNotRetryable() {
    ClusterFailure failure =
        ClusterFailures.of(
            "GET nodes n1", error(404, status("NotFound", "nodes \"n1\" not found")));

    assertThat(failure).isInstanceOf(ClusterFailure.NotFound.class);
    assertThat(failure.retryable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503, 504})
  void overloadAndServerErrorsAreUnavailableAndRetryable(int code) {
    ClusterFailure failure = ClusterFailures.of("PATCH pods/status a/b", error(code, ""));

    assertThat(failure).isInstanceOf(ClusterFailure.Unavailable.class);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).isEqualTo("PATCH pods/status a/b: HTTP " + code);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 415, 422})
  void invalidOrForbiddenRequestsAreRejectedForGood(int code) {
    ClusterFailure failure = ClusterFailures.of("POST events default", error(code, "not json"));

    assertThat(failure).isInstanceOf(ClusterFailure.Rejected.class);
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void anUnreachableServerIsUnavailable() {
    ClusterFailure failure =
        ClusterFailures.of(
            "GET leases kube-node-lease/n1",
            new ApiException(new ConnectException("Failed to connect to /127.0.0.1:6443")));

    assertThat(failure).isInstanceOf(ClusterFailure.Unavailable.class);
    assertThat(failure.getMessage())
        .contains("cannot be reached")
        .contains("Failed to connect to /127.0.0.1:6443");
  }

  @Test
  void tokensNeverReachAMessage() {
    String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLWJ5dGVz";
    ClusterFailure fromStatus =
        ClusterFailures.of(
            "POST serviceaccounts/token default/app",
            error(403, status("Forbidden", "token " + jwt + " is not allowed")));
    ClusterFailure fromTransport =
        ClusterFailures.of(
            "GET pods",
            new ApiException(new IOException("header Authorization: Bearer s3cr3t-t0ken broke")));

    assertThat(fromStatus.getMessage()).doesNotContain(jwt).contains("<redacted-token>");
    assertThat(fromTransport.getMessage()).doesNotContain("s3cr3t-t0ken");
  }

  @Test
  void aResponseBodyThatIsNoStatusIsNotQuoted() {
    ClusterFailure failure =
        ClusterFailures.of(
            "POST serviceaccounts/token default/app",
            error(400, "{\"kind\":\"TokenRequest\",\"status\":{\"token\":\"abc\"}}"));

    assertThat(failure.getMessage()).isEqualTo("POST serviceaccounts/token default/app: HTTP 400");
  }

  @Test
  void aUidPreconditionConflictIsRecognised() {
    ApiException uid =
        error(
            409,
            status(
                "Conflict", "Precondition failed: UID in precondition: a, UID in object meta: b"));

    assertThat(ClusterFailures.isUidPreconditionConflict(uid)).isTrue();
    assertThat(
            ClusterFailures.isUidPreconditionConflict(error(409, status("Conflict", "modified"))))
        .isFalse();
  }

  private static ApiException error(int code, String body) {
    return new ApiException(code, Map.of(), body);
  }

  private static String status(String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\""
        + reason
        + "\",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\"}";
  }
}
