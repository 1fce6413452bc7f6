package io.cubevk.adapter.fake.ucloudapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * UCloud's request signature, server side (cube-api.md, "Signature"): the flattened parameters
 * without {@code Signature}, sorted by key in ASCII order, concatenated as {@code key + value} with
 * no separators and no URL encoding, the private key appended, SHA-1 of the UTF-8 bytes in
 * lowercase hex. The values are signed exactly as they arrived (a client sends and signs {@code
 * 35.0} as {@code 35}); checking that is the client's concern, and this side needs only the text.
 *
 * <p>Written independently of the UCloud adapter's client-side signer, on purpose: both are checked
 * against UCloud's public test vectors, so one cannot hide the other's mistake.
 */
final class RequestSignature {

  static final String SIGNATURE = "Signature";

  private RequestSignature() {}

  /** The signature of flattened parameters (any {@code Signature} among them is left out). */
  static String sign(Map<String, String> params, String privateKey) {
    // String's natural order compares UTF-16 units: for UCloud's ASCII keys that is ASCII order.
    TreeMap<String, String> sorted = new TreeMap<>(params);
    sorted.remove(SIGNATURE);
    StringBuilder text = new StringBuilder();
    sorted.forEach((k, v) -> text.append(k).append(v));
    text.append(privateKey);
    return HexFormat.of()
        .formatHex(sha1().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether the request's {@code Signature} matches, compared in constant time. */
  static boolean verify(Map<String, String> params, String privateKey) {
    String given = params.get(SIGNATURE);
    if (given == null) {
      return false;
    }
    byte[] expected = sign(params, privateKey).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII));
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
