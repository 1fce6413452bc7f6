package io.cubevk.adapter.k8s.kubelet.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A serving certificate chain (leaf first) and its private key.
 *
 * <p>{@code toString()} names the certificate, never the key.
 */
public record ServingCertificate(PrivateKey key, List<X509Certificate> chain) {

  public ServingCertificate {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least its leaf");
    }
    chain = List.copyOf(chain);
  }

  /** From PEM text: the certificate chain and its private key. */
  public static ServingCertificate fromPem(String certificateChainPem, String privateKeyPem) {
    return new ServingCertificate(
        Pem.privateKey(privateKeyPem), Pem.certificates(certificateChainPem));
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  public Duration lifetime() {
    return Duration.between(notBefore(), notAfter());
  }

  @Override
  public String toString() {
    return "ServingCertificate[" + leaf().getSubjectX500Principal() + ", until " + notAfter() + "]";
  }
}
