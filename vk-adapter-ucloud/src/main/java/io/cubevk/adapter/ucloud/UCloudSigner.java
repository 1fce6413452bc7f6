package io.cubevk.adapter.ucloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * UCloud's request signature (cube-api.md, "Signature"): the flat parameters without {@code
 * Signature}, sorted by key in ASCII order, concatenated as {@code key + value} without separators
 * or URL encoding, followed by the private key; SHA-1 of the UTF-8 bytes as lowercase hex.
 */
final class UCloudSigner {

  static final String SIGNATURE = "Signature";

  private UCloudSigner() {}

  /** The signature of already flattened fields (see {@link UCloudParams#flatten}). */
  static String sign(Map<String, String> flatFields, String privateKey) {
    // A TreeMap sorts String keys by UTF-16 code unit, which is ASCII order for ASCII keys.
    SortedMap<String, String> sorted = new TreeMap<>(flatFields);
    sorted.remove(SIGNATURE);
    StringBuilder text = new StringBuilder();
    sorted.forEach((key, value) -> text.append(key).append(value));
    text.append(privateKey);
    return HexFormat.of()
        .formatHex(sha1().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1 (java.security.MessageDigest's javadoc).
      throw new IllegalStateException("this JVM has no SHA-1", e);
    }
  }
}
