package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificate;
import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificateSource;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context for new connections: the serving certificate its source holds now, and the client
 * CA bundle against which client certificates are verified during the handshake (a client that
 * presents an untrusted certificate fails the handshake, as with kubelet's {@code
 * VerifyClientCertIfGiven}; one that presents none may still use a bearer token). The context is
 * rebuilt only when the source hands out a different certificate.
 */
final class TlsContexts {

  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  private final ServingCertificateSource source;
  private final List<X509Certificate> clientCas;
  private ServingCertificate built;
  private SslContext context;

  TlsContexts(ServingCertificateSource source, List<X509Certificate> clientCas) {
    this.source = source;
    this.clientCas = List.copyOf(clientCas);
  }

  synchronized Optional<SslContext> current() {
    Optional<ServingCertificate> certificate = source.current();
    if (certificate.isEmpty()) {
      return Optional.empty();
    }
    if (certificate.get() != built) {
      try {
        SslContextBuilder builder =
            SslContextBuilder.forServer(
                    certificate.get().key(),
                    certificate.get().chain().toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (!clientCas.isEmpty()) {
          builder
              .clientAuth(ClientAuth.OPTIONAL)
              .trustManager(clientCas.toArray(new X509Certificate[0]));
        }
        context = builder.build();
        built = certificate.get();
        log.info("Serving TLS with {}", certificate.get());
      } catch (SSLException e) {
        log.error("Cannot use serving certificate {}: {}", certificate.get(), e.getMessage());
        return Optional.ofNullable(context);
      }
    }
    return Optional.of(context);
  }
}
