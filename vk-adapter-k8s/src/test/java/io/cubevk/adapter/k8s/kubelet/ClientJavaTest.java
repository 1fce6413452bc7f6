package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.Exec;
import io.kubernetes.client.PodLogs;
import io.kubernetes.client.PortForward;
import io.kubernetes.client.openapi.ApiClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import org.junit.jupiter.api.Test;

/**
 * client-java's own PodLogs, Exec (WebSocket v5) and PortForward (the older WebSocket protocol)
 * against the kubelet API. They build API-server paths ({@code /api/v1/namespaces/…/pods/…/exec});
 * an OkHttp interceptor rewrites them to the kubelet's paths, which is all the API server's proxy
 * does to them besides authentication.
 */
class ClientJavaTest extends KubeletServerTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern POD_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(log|exec|attach|portforward)");

  private final ApiClient client = apiClient();

  private ApiClient apiClient() {
    ApiClient api = new ApiClient();
    api.setBasePath("https://127.0.0.1:" + kubelet.server.port());
    api.setHttpClient(
        OkHttpClients.trusting(kubelet.trustingContext())
            .newBuilder()
            .addInterceptor(ClientJavaTest::toKubeletPath)
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .build()))
            .build());
    return api;
  }

  /** The API server's pod subresource paths, as a kubelet receives them from its proxy. */
  private static okhttp3.Response toKubeletPath(Interceptor.Chain chain)
      throws java.io.IOException {
    HttpUrl url = chain.request().url();
    Matcher m = POD_PATH.matcher(url.encodedPath());
    if (!m.matches()) {
      return chain.proceed(chain.request());
    }
    String namespace = m.group(1);
    String pod = m.group(2);
    String container = url.queryParameter("container");
    String path =
        switch (m.group(3)) {
          case "log" -> "/containerLogs/" + namespace + "/" + pod + "/" + container;
          case "exec" -> "/exec/" + namespace + "/" + pod + "/" + container;
          case "attach" -> "/attach/" + namespace + "/" + pod + "/" + container;
          default -> "/portForward/" + namespace + "/" + pod;
        };
    HttpUrl rewritten =
        url.newBuilder().encodedPath(path).removeAllQueryParameters("container").build();
    return chain.proceed(chain.request().newBuilder().url(rewritten).build());
  }

  @Test
  void podLogsFollowsTheLog() throws Exception {
    InputStream stream =
        new PodLogs(client).streamNamespacedPodLog("default", "web", "app", null, 2, false);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));

    assertThat(reader.readLine()).isEqualTo("line 2");
    assertThat(reader.readLine()).isEqualTo("line 3");
    kubelet.streams.append("appended while following");
    assertThat(reader.readLine()).isEqualTo("appended while following");
    assertThat(kubelet.streams.logRequests.get(0).follow()).isTrue();
    assertThat(kubelet.streams.logRequests.get(0).tailLines()).contains(2);
    stream.close();
    await().atMost(WAIT).until(() -> kubelet.streams.followers() == 0);
  }

  @Test
  void execReturnsTheOutputAndTheExitCode() throws Exception {
    Process ok =
        new Exec(client)
            .exec("default", "web", new String[] {"echo", "from", "java"}, "app", false, false);
    String output = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ok.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(output).isEqualTo("from java\n");
    assertThat(ok.exitValue()).isZero();

    Process failing =
        new Exec(client).exec("default", "web", new String[] {"exit", "7"}, "app", false, false);
    assertThat(failing.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(failing.exitValue()).isEqualTo(7);
  }

  @Test
  void execWithStdinUsesTheV5CloseSignal() throws Exception {
    Process cat = new Exec(client).exec("default", "web", new String[] {"cat"}, "app", true, false);
    OutputStream stdin = cat.getOutputStream();
    stdin.write("typed into java\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(cat.getInputStream(), StandardCharsets.UTF_8));
    assertThat(stdout.readLine()).isEqualTo("typed into java");

    stdin.close(); // client-java sends [255, 0] on v5: the fake's cat then exits 0

    assertThat(cat.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(cat.exitValue()).isZero();
  }

  @Test
  void portForwardSpeaksTheWebSocketPortProtocol() throws Exception {
    PortForward.PortForwardResult result =
        new PortForward(client).forward("default", "web", List.of(8080));
    OutputStream toPod = result.getOutboundStream(8080);
    InputStream fromPod = result.getInputStream(8080);

    toPod.write("hello from java".getBytes(StandardCharsets.UTF_8));
    toPod.flush();
    byte[] answer = new byte["HELLO FROM JAVA".length()];
    int read = 0;
    while (read < answer.length) {
      read += fromPod.read(answer, read, answer.length - read);
    }

    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("HELLO FROM JAVA");
    assertThat(kubelet.streams.portForwards).containsExactly(8080);
    result.close();
    await().atMost(WAIT).until(() -> kubelet.streams.openSessions.get() == 0);
  }
}
