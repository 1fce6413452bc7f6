package io.cubevk.app.cli;

import io.cubevk.adapter.ucloud.UCloudCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * UCloud credentials from the environment ({@code UCLOUD_PUBLIC_KEY}, {@code UCLOUD_PRIVATE_KEY},
 * optional {@code UCLOUD_SECURITY_TOKEN}) or from a file of the same {@code NAME=value} lines (a
 * mounted Secret). The file wins when both are given. Every value read is registered with {@link
 * Redaction}, so it can never reach a log line.
 */
final class CredentialsSource {

  static final String PUBLIC_KEY = "UCLOUD_PUBLIC_KEY";
  static final String PRIVATE_KEY = "UCLOUD_PRIVATE_KEY";
  static final String SECURITY_TOKEN = "UCLOUD_SECURITY_TOKEN";

  private CredentialsSource() {}

  /** The credentials, or empty with the problems added (never the values themselves). */
  static Optional<UCloudCredentials> read(
      Optional<Path> file, Map<String, String> env, List<String> problems) {
    Map<String, String> values = new HashMap<>();
    String where;
    if (file.isPresent()) {
      where = "--credentials-file " + file.get();
      try {
        List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int eq = line.indexOf('=');
          if (eq <= 0) {
            problems.add(
                where + ": line " + (i + 1) + " is not NAME=value (" + PUBLIC_KEY + "=...)");
            continue;
          }
          values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
      } catch (IOException e) {
        problems.add(where + ": cannot read it: " + Kubeconfigs.why(e));
        return Optional.empty();
      }
    } else {
      where = "the environment";
      for (String name : List.of(PUBLIC_KEY, PRIVATE_KEY, SECURITY_TOKEN)) {
        if (env.get(name) != null) {
          values.put(name, env.get(name));
        }
      }
    }
    values.values().forEach(Redaction::register);
    boolean complete = true;
    for (String required : List.of(PUBLIC_KEY, PRIVATE_KEY)) {
      if (values.getOrDefault(required, "").isBlank()) {
        problems.add(
            where
                + ": "
                + required
                + " is missing; the UCloud API key pair is required (or --cloud fake)");
        complete = false;
      }
    }
    if (!complete) {
      return Optional.empty();
    }
    UCloudCredentials credentials =
        UCloudCredentials.of(values.get(PUBLIC_KEY), values.get(PRIVATE_KEY));
    String token = values.getOrDefault(SECURITY_TOKEN, "");
    return Optional.of(token.isBlank() ? credentials : credentials.withSecurityToken(token));
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
