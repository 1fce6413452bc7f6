package io.cubevk.domain.translation;

import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.PodView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image pull secrets → Cube's inline registry entries. Docker-registry Secrets carry a {@code
 * .dockerconfigjson} ({@code {"auths": {host: {...}}}}) or the legacy {@code .dockercfg} (the auths
 * map alone); UCloud adds {@code registryaddr} (the registry's VPC address) and {@code vpcid}.
 */
final class PullSecrets {

  private PullSecrets() {}

  static List<CubePullSecret> translate(PodView pod, TranslationInputs inputs, Problems problems) {
    List<CubePullSecret> entries = new ArrayList<>();
    for (int i = 0; i < pod.imagePullSecrets().size(); i++) {
      String name = pod.imagePullSecrets().get(i);
      String path = FieldPaths.index("spec.imagePullSecrets", i);
      SecretData secret = inputs.secrets().get(name);
      if (secret == null) {
        problems
            .missing(path, "image pull secret \"" + name + "\"")
            .ifPresent(
                placeholder ->
                    entries.add(
                        new CubePullSecret(
                            placeholder, "", "", Optional.empty(), Optional.empty())));
        continue;
      }
      entries.addAll(entriesOf(name, secret, path, problems));
    }
    return entries;
  }

  private static List<CubePullSecret> entriesOf(
      String name, SecretData secret, String path, Problems problems) {
    boolean legacy = SecretData.DOCKER_CFG_TYPE.equals(secret.type());
    String key = legacy ? SecretData.DOCKER_CFG_KEY : SecretData.DOCKER_CONFIG_JSON_KEY;
    FileBytes bytes = secret.data().get(key);
    if (bytes == null || !(legacy || SecretData.DOCKER_CONFIG_JSON_TYPE.equals(secret.type()))) {
      problems.violation(
          path,
          "secret \""
              + name
              + "\" is of type "
              + secret.type()
              + " without "
              + key
              + "; image pull secrets must be of type "
              + SecretData.DOCKER_CONFIG_JSON_TYPE
              + " (kubectl create secret docker-registry)");
      return List.of();
    }
    Object json;
    try {
      json = MiniJson.parse(bytes.utf8());
    } catch (IllegalArgumentException malformed) {
      problems.violation(
          path,
          "secret \""
              + name
              + "\": "
              + key
              + " is not valid JSON ("
              + malformed.getMessage()
              + ")");
      return List.of();
    }
    Object auths = legacy ? json : (json instanceof Map<?, ?> m ? m.get("auths") : null);
    if (!(auths instanceof Map<?, ?> registries)) {
      problems.violation(
          path,
          "secret \""
              + name
              + "\": "
              + key
              + (legacy ? " is not a JSON object" : " has no \"auths\" object")
              + "; expected {\"auths\": {\"<registry>\": {\"username\": …, \"password\": …}}}");
      return List.of();
    }
    List<CubePullSecret> entries = new ArrayList<>();
    for (Map.Entry<?, ?> registry : registries.entrySet()) {
      String server = String.valueOf(registry.getKey());
      if (!(registry.getValue() instanceof Map<?, ?> auth)) {
        problems.violation(
            path, "secret \"" + name + "\": the entry for " + server + " is not a JSON object");
        continue;
      }
      Optional<String> username = text(auth, "username");
      Optional<String> password = text(auth, "password");
      if ((username.isEmpty() || password.isEmpty()) && text(auth, "auth").isPresent()) {
        // "auth" is base64 of "user:password", what docker login writes.
        String decoded = decode(text(auth, "auth").get());
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          username = username.or(() -> Optional.of(decoded.substring(0, colon)));
          password = password.or(() -> Optional.of(decoded.substring(colon + 1)));
        }
      }
      entries.add(
          new CubePullSecret(
              ImageReference.hostOfAuthKey(server),
              username.orElse(""),
              password.orElse(""),
              text(auth, "registryaddr"),
              text(auth, "vpcid")));
    }
    return entries;
  }

  private static Optional<String> text(Map<?, ?> map, String key) {
    return map.get(key) instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return "";
    }
  }
}
