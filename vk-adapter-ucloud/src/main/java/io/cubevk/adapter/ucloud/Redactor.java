package io.cubevk.adapter.ucloud;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scrubs secrets out of text the adapter did not write itself (the cloud's messages, I/O exception
 * messages) before it goes into a failure or a log line: the credentials can only show up there if
 * something echoed them, and then they must not travel further.
 */
final class Redactor {

  static final String REDACTED = "<redacted>";

  /** Messages longer than this are cut: a failure message is for people, not a dump. */
  private static final int MAX_MESSAGE_CHARS = 500;

  private final List<String> secrets;

  Redactor(UCloudCredentials credentials) {
    this(
        credentials.privateKey(),
        credentials.publicKey(),
        credentials.securityToken().orElse(null));
  }

  /** A redactor of the given secrets; {@code null} and empty ones are ignored. */
  Redactor(String... secrets) {
    List<String> values = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        values.add(secret);
      }
    }
    // Longest first, so a secret containing another is replaced whole.
    values.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(values);
  }

  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    if (result.length() > MAX_MESSAGE_CHARS) {
      result = result.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
    return result;
  }
}
