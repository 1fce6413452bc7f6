package io.cubevk.domain.cube;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The content of one inline file of a configMap or secret volume. Compared by content; its {@link
 * #toString()} shows only the size, because the content may be secret.
 */
public final class FileBytes {

  private final byte[] bytes;

  private FileBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static FileBytes of(byte[] bytes) {
    return new FileBytes(bytes.clone());
  }

  public static FileBytes utf8(String text) {
    return new FileBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  public static FileBytes fromBase64(String base64) {
    return new FileBytes(Base64.getMimeDecoder().decode(base64));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FileBytes that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "<" + bytes.length + " bytes>";
  }
}
