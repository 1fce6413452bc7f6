package io.cubevk.adapter.k8s.kubelet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cubevk.adapter.k8s.kubelet.StubApiServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterServingCertificateIssuerTest {

  private static final String PATH = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
  private static final String CSR_PEM =
      "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
  private static final String CERT_PEM =
      "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";

  private final StubApiServer api;

  ClusterServingCertificateIssuerTest() throws Exception {
    api = new StubApiServer();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private ClusterServingCertificateIssuer issuer(Duration timeout) {
    return new ClusterServingCertificateIssuer(
        api.client(), Duration.ofMillis(10), timeout, Optional.of(Duration.ofHours(24)));
  }

  private static StubApiServer.Answer csr(String status) {
    return new StubApiServer.Answer(
        200,
        "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\","
            + "\"metadata\":{\"name\":\"csr-abc\"},\"spec\":{\"request\":\"\",\"signerName\":"
            + "\"kubernetes.io/kubelet-serving\"},\"status\":"
            + status
            + "}");
  }

  @Test
  void createsAKubeletServingRequestAndWaitsForTheIssuedCertificate() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    api.on("POST", PATH, r -> csr("{}"))
        .on(
            "GET",
            PATH + "/csr-abc",
            r ->
                reads.incrementAndGet() < 3
                    ? csr("{}") // pending approval
                    : csr(
                        "{\"conditions\":[{\"type\":\"Approved\",\"status\":\"True\"}],"
                            + "\"certificate\":\""
                            + Base64.getEncoder()
                                .encodeToString(CERT_PEM.getBytes(StandardCharsets.US_ASCII))
                            + "\"}"));

    String issued = issuer(Duration.ofSeconds(30)).issue(CSR_PEM);

    assertThat(issued).isEqualTo(CERT_PEM);
    assertThat(reads.get()).isEqualTo(3);
    JsonObject sent =
        JsonParser.parseString(api.requests("POST", PATH).get(0).body()).getAsJsonObject();
    JsonObject spec = sent.getAsJsonObject("spec");
    assertThat(spec.get("signerName").getAsString()).isEqualTo("kubernetes.io/kubelet-serving");
    assertThat(spec.get("usages").toString()).isEqualTo("[\"digital signature\",\"server auth\"]");
    assertThat(spec.get("expirationSeconds").getAsInt()).isEqualTo(86400);
    assertThat(new String(Base64.getDecoder().decode(spec.get("request").getAsString())))
        .isEqualTo(CSR_PEM);
    assertThat(sent.getAsJsonObject("metadata").get("generateName").getAsString())
        .isEqualTo("csr-");
  }

  @Test
  void aDeniedRequestFailsWithTheApproversReason() {
    api.on("POST", PATH, r -> csr("{}"))
        .on(
            "GET",
            PATH + "/csr-abc",
            r ->
                csr(
                    "{\"conditions\":[{\"type\":\"Denied\",\"status\":\"True\","
                        + "\"reason\":\"NotOurs\",\"message\":\"unknown node\"}]}"));

    var failure =
        catchThrowableOfType(
            ServingCertificateIssuer.IssuanceFailedException.class,
            () -> issuer(Duration.ofSeconds(30)).issue(CSR_PEM));

    assertThat(failure)
        .hasMessage("CertificateSigningRequest csr-abc was denied: NotOurs unknown node");
  }

  @Test
  void aRequestNobodyApprovesTimesOutNamingTheSigner() {
    api.on("POST", PATH, r -> csr("{}")).on("GET", PATH + "/csr-abc", r -> csr("{}"));

    var failure =
        catchThrowableOfType(
            ServingCertificateIssuer.IssuanceFailedException.class,
            () -> issuer(Duration.ofMillis(100)).issue(CSR_PEM));

    assertThat(failure.getMessage())
        .contains("csr-abc was not approved and signed", "kubernetes.io/kubelet-serving");
  }
}
