package io.cubevk.adapter.fake.ucloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A raw UCloud API client for the emulator's tests: signed form POSTs over the JDK client. */
final class ApiClient {

  static final String PUBLIC_KEY = "test-public-key";
  static final String PRIVATE_KEY = "test-private-key-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  ApiClient(URI base) {
    this.base = base;
  }

  /** Signs with the test key pair and posts; returns the parsed JSON answer (HTTP 200 expected). */
  JsonNode call(String action, Map<String, String> fields)
      throws IOException, InterruptedException {
    HttpResponse<String> response = post(signed(action, fields, PRIVATE_KEY));
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  static Map<String, String> signed(String action, Map<String, String> fields, String privateKey) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", action);
    p.put("Region", "cn-bj2");
    p.put("ProjectId", "org-test");
    p.put("PublicKey", PUBLIC_KEY);
    p.putAll(fields);
    p.put("Signature", RequestSignature.sign(p, privateKey));
    return p;
  }

  HttpResponse<String> post(Map<String, String> params) throws IOException, InterruptedException {
    String form =
        params.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send("application/x-www-form-urlencoded", form);
  }

  HttpResponse<String> send(String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
