package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A UCloud API stand-in on OkHttp's MockWebServer, bound to the loopback address only, with the
 * adapter wired to it: fake time (sleeps return at once and advance the deadline clock), jitter
 * fixed at its maximum so delays are predictable, and no client-side rate limit unless a test sets
 * one.
 */
final class MockUCloud implements AutoCloseable {

  static final String PUBLIC_KEY = UCloudSignerTest.PUBLIC_KEY;
  static final String PRIVATE_KEY = UCloudSignerTest.PRIVATE_KEY;
  static final String REGION = "cn-bj2";
  static final String ZONE = "cn-bj2-05";
  static final String PROJECT = "org-xyz";

  final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();

  MockUCloud() {
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static UCloudCredentials credentials() {
    return UCloudCredentials.of(PUBLIC_KEY, PRIVATE_KEY);
  }

  UCloudEndpoint endpoint() {
    return UCloudEndpoint.of(REGION, ZONE)
        .withProjectId(PROJECT)
        .withBaseUrl(server.url("/").toString());
  }

  /**
   * Long enough for a cold JVM on a busy shared machine: an exchange that should succeed must never
   * time out by accident. Tests of timeouts set their own, shorter one.
   */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

  static UCloudRetryPolicy policy() {
    return UCloudRetryPolicy.defaults().withAttemptTimeout(ATTEMPT_TIMEOUT);
  }

  UCloudCubeCloud.Builder builder() {
    return UCloudCubeCloud.builder()
        .credentials(credentials())
        .endpoint(endpoint())
        .retryPolicy(policy())
        .rateLimit(Double.POSITIVE_INFINITY)
        .sleeper(time)
        .ticker(time)
        .jitter(() -> 1.0);
  }

  UCloudCubeCloud cloud() {
    return builder().build();
  }

  /** Answers with HTTP 200 and this JSON. */
  void answer(String json) {
    server.enqueue(json(json).build());
  }

  /** Answers {@code n} times with HTTP 200 and this JSON. */
  void answer(int n, String json) {
    for (int i = 0; i < n; i++) {
      answer(json);
    }
  }

  void answerOk(String action) {
    answer("{\"RetCode\":0,\"Action\":\"" + action + "Response\"}");
  }

  void answerRetCode(String action, Object retCode, String message) {
    String code = retCode instanceof String ? "\"" + retCode + "\"" : retCode.toString();
    answer(
        "{\"RetCode\":"
            + code
            + ",\"Action\":\""
            + action
            + "Response\",\"Message\":\""
            + message
            + "\"}");
  }

  void enqueue(MockResponse.Builder response) {
    server.enqueue(response.build());
  }

  static MockResponse.Builder json(String json) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(json);
  }

  /** The next request's form fields, URL-decoded, in the order sent. */
  Map<String, String> takeForm() {
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    return form(request.getBody().utf8());
  }

  RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the mock UCloud").isNotNull();
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  /**
   * The signature recomputed the plain way, independently of the adapter's flattening: sort the
   * received fields, drop Signature, concatenate, append the private key, SHA-1.
   */
  static String expectedSignature(Map<String, String> received) {
    TreeMap<String, String> sorted = new TreeMap<>(received);
    sorted.remove("Signature");
    StringBuilder text = new StringBuilder();
    sorted.forEach((k, v) -> text.append(k).append(v));
    text.append(PRIVATE_KEY);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    server.close();
  }
}
