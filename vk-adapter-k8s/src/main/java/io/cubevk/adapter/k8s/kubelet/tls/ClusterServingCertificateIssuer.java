package io.cubevk.adapter.k8s.kubelet.tls;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CertificatesV1Api;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequest;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestCondition;
import io.kubernetes.client.openapi.models.V1CertificateSigningRequestSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets serving certificates from the cluster, as kubelet does with {@code serverTLSBootstrap}: a
 * {@code certificates.k8s.io/v1} CertificateSigningRequest for signer {@code
 * kubernetes.io/kubelet-serving} with usages {@code digital signature} and {@code server auth},
 * then polls it until a signer has issued the certificate (or an approver denied it).
 *
 * <p>Kubernetes ships no automatic approver for this signer: in a real cluster an operator (or an
 * approving controller) must approve the requests; the sandbox's API server approves and signs them
 * itself.
 */
public final class ClusterServingCertificateIssuer implements ServingCertificateIssuer {

  public static final String SIGNER_NAME = "kubernetes.io/kubelet-serving";

  private static final Logger log = LoggerFactory.getLogger(ClusterServingCertificateIssuer.class);

  private final CertificatesV1Api api;
  private final Duration pollInterval;
  private final Duration timeout;
  private final Optional<Duration> requestedLifetime;

  /**
   * @param pollInterval how often to look at the request while waiting
   * @param timeout how long to wait for approval and signing before giving up (and retrying later)
   * @param requestedLifetime {@code spec.expirationSeconds}, a wish the signer may shorten
   */
  public ClusterServingCertificateIssuer(
      ApiClient client,
      Duration pollInterval,
      Duration timeout,
      Optional<Duration> requestedLifetime) {
    this.api = new CertificatesV1Api(client);
    this.pollInterval = pollInterval;
    this.timeout = timeout;
    this.requestedLifetime = requestedLifetime;
  }

  @Override
  public String issue(String csrPem) throws IssuanceFailedException {
    V1CertificateSigningRequestSpec spec =
        new V1CertificateSigningRequestSpec()
            .request(csrPem.getBytes(StandardCharsets.US_ASCII))
            .signerName(SIGNER_NAME)
            .usages(List.of("digital signature", "server auth"));
    requestedLifetime.ifPresent(d -> spec.expirationSeconds((int) d.toSeconds()));
    V1CertificateSigningRequest created;
    try {
      created =
          api.createCertificateSigningRequest(
                  new V1CertificateSigningRequest()
                      .apiVersion("certificates.k8s.io/v1")
                      .kind("CertificateSigningRequest")
                      .metadata(new V1ObjectMeta().generateName("csr-"))
                      .spec(spec))
              .execute();
    } catch (ApiException e) {
      throw new IssuanceFailedException(
          "creating the CertificateSigningRequest failed: HTTP " + e.getCode(), e);
    }
    String name = created.getMetadata().getName();
    log.info("Requested a serving certificate: CertificateSigningRequest {}", name);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      V1CertificateSigningRequest current;
      try {
        current = api.readCertificateSigningRequest(name).execute();
      } catch (ApiException e) {
        throw new IssuanceFailedException(
            "reading CertificateSigningRequest " + name + " failed: HTTP " + e.getCode(), e);
      }
      if (current.getStatus() != null) {
        List<V1CertificateSigningRequestCondition> conditions = current.getStatus().getConditions();
        if (conditions != null) {
          for (V1CertificateSigningRequestCondition condition : conditions) {
            if ("Denied".equals(condition.getType()) || "Failed".equals(condition.getType())) {
              throw new IssuanceFailedException(
                  "CertificateSigningRequest "
                      + name
                      + " was "
                      + condition.getType().toLowerCase(java.util.Locale.ROOT)
                      + ": "
                      + condition.getReason()
                      + " "
                      + condition.getMessage());
            }
          }
        }
        byte[] certificate = current.getStatus().getCertificate();
        if (certificate != null && certificate.length > 0) {
          return new String(certificate, StandardCharsets.US_ASCII);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IssuanceFailedException(
            "CertificateSigningRequest "
                + name
                + " was not approved and signed within "
                + timeout
                + " (signer "
                + SIGNER_NAME
                + " needs an approver)");
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IssuanceFailedException("interrupted while waiting for " + name, e);
      }
    }
  }
}
