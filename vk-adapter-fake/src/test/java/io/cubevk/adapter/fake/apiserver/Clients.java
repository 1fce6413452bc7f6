package io.cubevk.adapter.fake.apiserver;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** client-java clients for a test server, with the read timeout informers need (none). */
final class Clients {
  private Clients() {}

  static ApiClient of(KubeApiServer server) {
    try {
      ApiClient c;
      if (server.https()) {
        Path kc = Files.createTempFile("kubeconfig", ".yaml");
        server.writeKubeconfig(kc);
        c =
            ClientBuilder.kubeconfig(
                    KubeConfig.loadKubeConfig(new StringReader(Files.readString(kc))))
                .build();
        Files.delete(kc);
      } else {
        c = new ClientBuilder().setBasePath(server.url()).build();
      }
      c.setHttpClient(c.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
