package io.cubevk.app.cli;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text before it is logged: values the process knows to be secret (the UCloud
 * keys and token it was given, registered at start) and anything shaped like a credential (bearer
 * tokens, JWTs, {@code password=…}, {@code PrivateKey: …}). The adapters already keep secrets out
 * of their messages; this is the last line, for messages nobody thought about.
 */
public final class Redaction {

  static final String REDACTED = "<redacted>";

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  private static final List<Pattern> SHAPES =
      List.of(
          // Authorization headers and kubeconfig tokens
          Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
          // JWTs (service-account tokens): three base64url parts, the first a JSON header
          Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"),
          // key=value and "key": "value" for keys that name a secret
          Pattern.compile(
              "(?i)((?:private[_-]?key|security[_-]?token|secret[_-]?key|password|passwd|token"
                  + "|signature|client[_-]?key[_-]?data|auth)\"?\\s*[=:]\\s*\"?)"
                  + "[^\\s\",&}]+"));

  private Redaction() {}

  /** Registers a secret value: it is replaced wherever it appears. Blank values are ignored. */
  public static void register(String secret) {
    if (secret != null && secret.length() >= 4) {
      KNOWN.add(secret);
    }
  }

  /** The text with every known secret and every credential-shaped value replaced. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : KNOWN) {
      result = result.replace(secret, REDACTED);
    }
    for (Pattern shape : SHAPES) {
      result =
          shape.matcher(result).replaceAll(m -> m.groupCount() > 0 ? "$1" + REDACTED : REDACTED);
    }
    return result;
  }
}
