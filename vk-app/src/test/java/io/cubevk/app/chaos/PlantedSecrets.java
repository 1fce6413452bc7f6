package io.cubevk.app.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The secret material a chaos run plants (a UCloud private key, the agent's API token, a legacy
 * service-account token, a registry password in a dockerconfigjson pull secret, Secret values used
 * as env) and the scan for it. Each value is known by a label, and only labels ever appear in
 * reports. Any JWT counts as a leak too: the tokens the agent requests for pods are not known to
 * the test, but their shape is.
 */
final class PlantedSecrets {

  static final String REGISTRY = "registry.chaos.example";
  static final String REGISTRY_USER = "chaos-robot";

  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]+");

  private final Random random;
  private final Map<String, String> byValue = new ConcurrentHashMap<>();

  final String agentToken;
  final String registryPassword;
  final String envValue;

  PlantedSecrets(long seed) {
    this.random = new Random(seed ^ 0x5EC12E7L);
    this.agentToken = plant("the agent's API token", "agent-token-" + hex(16));
    this.registryPassword = plant("the registry password", "regpw-" + hex(12));
    plant(
        "the registry auth (base64 user:password)",
        Base64.getEncoder()
            .encodeToString(
                (REGISTRY_USER + ":" + registryPassword).getBytes(StandardCharsets.UTF_8)));
    this.envValue = plant("a Secret value used as env", "envsecret-" + hex(12));
  }

  /** A fresh value, remembered under its label. */
  String plant(String label, String value) {
    byValue.put(value, label);
    return value;
  }

  /** A new random secret value for this label. */
  String fresh(String label, String prefix) {
    return plant(label, prefix + hex(12));
  }

  /** The {@code .dockerconfigjson} of the planted pull secret. */
  String dockerConfigJson() {
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (REGISTRY_USER + ":" + registryPassword).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\""
        + REGISTRY
        + "\":{\"username\":\""
        + REGISTRY_USER
        + "\",\"password\":\""
        + registryPassword
        + "\",\"auth\":\""
        + auth
        + "\"}}}";
  }

  int count() {
    return byValue.size();
  }

  /** The labels of the secrets found in {@code text} (a label once per kind). */
  List<String> foundIn(String text) {
    List<String> found = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return found;
    }
    byValue.forEach(
        (value, label) -> {
          if (text.contains(value) && !found.contains(label)) {
            found.add(label);
          }
        });
    if (JWT.matcher(text).find()) {
      found.add("a JWT (service-account token)");
    }
    return found;
  }

  /** The text with each planted value replaced by its label, for reports. */
  String masked(String text) {
    String result = text;
    for (Map.Entry<String, String> e : byValue.entrySet()) {
      result = result.replace(e.getKey(), "<" + e.getValue() + ">");
    }
    return JWT.matcher(result).replaceAll("<a JWT>");
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
