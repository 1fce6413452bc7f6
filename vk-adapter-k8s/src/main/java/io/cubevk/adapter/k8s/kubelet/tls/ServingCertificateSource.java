package io.cubevk.adapter.k8s.kubelet.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the kubelet API gets its serving certificate. The server asks on every new connection and
 * rebuilds its TLS context only when the answer changes, so implementations return the same
 * instance until they rotate. Must not block: rotation happens in the background.
 */
@FunctionalInterface
public interface ServingCertificateSource {

  /**
   * The certificate to serve now; empty while none has been issued yet (connections are refused).
   */
  Optional<ServingCertificate> current();

  /** A fixed certificate. */
  static ServingCertificateSource of(ServingCertificate certificate) {
    Optional<ServingCertificate> fixed = Optional.of(certificate);
    return () -> fixed;
  }

  /**
   * A fixed certificate read once from PEM files, like kubelet's {@code --tls-cert-file} and {@code
   * --tls-private-key-file}.
   */
  static ServingCertificateSource fromPemFiles(Path certificateChain, Path privateKey) {
    try {
      return of(
          ServingCertificate.fromPem(
              Files.readString(certificateChain), Files.readString(privateKey)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot read the serving certificate " + certificateChain + " or its key", e);
    }
  }
}
