package io.cubevk.adapter.k8s.kubelet;

import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** OkHttp (client-java's HTTP client) set up to trust the test serving CA. */
final class OkHttpClients {

  private OkHttpClients() {}

  static OkHttpClient trusting(SSLContext context) {
    return new OkHttpClient.Builder()
        .sslSocketFactory(context.getSocketFactory(), trustManager())
        .connectTimeout(Duration.ofSeconds(60))
        .readTimeout(Duration.ZERO)
        .build();
  }

  static X509TrustManager trustManager() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", KubeletFixture.SERVER_CA.certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
