package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over schemaless Kubernetes objects (Jackson trees). */
public final class Json {

  /** The one mapper of the server; thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final SecureRandom RANDOM = new SecureRandom();
  // The alphabet of Kubernetes' generated names: no vowels, no ambiguous characters.
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private Json() {}

  /** An empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses JSON into an object node; 400 naming the problem when it is not a JSON object. */
  public static ObjectNode parseObject(byte[] body) {
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("the request body must be a JSON object");
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Parses any JSON value; 400 when it is not JSON. */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null) {
        throw ApiException.badRequest("the request body is empty");
      }
      return n;
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Serialises a tree to UTF-8 JSON bytes. */
  public static byte[] bytes(JsonNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** {@code metadata}, created when absent. */
  public static ObjectNode meta(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode om) {
      return om;
    }
    return obj.putObject("metadata");
  }

  /** {@code metadata.name}, or "". */
  public static String name(JsonNode obj) {
    return obj.path("metadata").path("name").asText("");
  }

  /** {@code metadata.namespace}, or "". */
  public static String namespace(JsonNode obj) {
    return obj.path("metadata").path("namespace").asText("");
  }

  /** {@code metadata.uid}, or "". */
  public static String uid(JsonNode obj) {
    return obj.path("metadata").path("uid").asText("");
  }

  /** {@code metadata.resourceVersion}, or "". */
  public static String resourceVersion(JsonNode obj) {
    return obj.path("metadata").path("resourceVersion").asText("");
  }

  /** {@code metadata.labels} as a map. */
  public static Map<String, String> labels(JsonNode obj) {
    JsonNode l = obj.path("metadata").path("labels");
    if (!l.isObject() || l.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> out = new LinkedHashMap<>();
    l.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** A child object, created when absent or not an object. */
  public static ObjectNode child(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }

  /** RFC 3339 time in seconds, as Kubernetes writes {@code metav1.Time}. */
  public static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** RFC 3339 time in microseconds, as Kubernetes writes {@code metav1.MicroTime}. */
  public static String microTime(Instant t) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
        .withZone(java.time.ZoneOffset.UTC)
        .format(t);
  }

  /** Parses a {@code metav1.Time}; null for absent or unreadable values. */
  public static Instant parseTime(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Random suffix of {@code n} characters from Kubernetes' name alphabet. */
  public static String randomSuffix(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** Encodes a number with Kubernetes' safe alphabet (rand.SafeEncodeString). */
  public static String safeEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(ALPHABET.charAt(c % ALPHABET.length()));
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
