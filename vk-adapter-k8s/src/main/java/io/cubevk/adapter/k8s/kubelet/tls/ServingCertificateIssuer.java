package io.cubevk.adapter.k8s.kubelet.tls;

/**
 * Turns a certificate signing request into a signed certificate: the cluster's CSR API for signer
 * {@code kubernetes.io/kubelet-serving} ({@link ClusterServingCertificateIssuer}), or a fake in
 * tests. Blocking: called from the rotation thread only.
 */
@FunctionalInterface
public interface ServingCertificateIssuer {

  /**
   * Submits the request and waits until it is approved and signed.
   *
   * @param csrPem a PKCS#10 request in PEM ({@code CERTIFICATE REQUEST})
   * @return the issued certificate chain in PEM, leaf first
   * @throws IssuanceFailedException when the request is denied, fails, or is not signed in time
   */
  String issue(String csrPem) throws IssuanceFailedException;

  /** The cluster did not sign the request; the message says why (denied, failed, timed out). */
  final class IssuanceFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public IssuanceFailedException(String message) {
      super(message);
    }

    public IssuanceFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
