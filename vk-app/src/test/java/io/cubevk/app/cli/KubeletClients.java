package io.cubevk.app.cli;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTPS clients of the sandbox that trust its API server's CA (which signs kubelets, too). */
final class KubeletClients {

  private KubeletClients() {}

  /** A JDK client trusting only the sandbox's CA; its callbacks run on {@code executor}. */
  static HttpClient trusting(String caPem, Executor executor) throws Exception {
    X509Certificate ca =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("sandbox-ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .executor(executor)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }
}
