package io.cubevk.adapter.ucloud;

import java.util.Objects;
import java.util.Optional;

/**
 * A UCloud API key pair, optionally with the security token of temporary (STS) credentials.
 *
 * <p>None of the three values ever leaves this class except into a signed request: {@link
 * #toString()} redacts them all, there are no public getters, and the adapter scrubs them out of
 * every message it builds from what the cloud or the network says.
 */
public final class UCloudCredentials {

  private final String publicKey;
  private final String privateKey;
  private final String securityToken; // null without temporary credentials

  private UCloudCredentials(String publicKey, String privateKey, String securityToken) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.securityToken = securityToken;
  }

  /**
   * A key pair from the UCloud console (UAPI → API keys).
   *
   * @throws IllegalArgumentException when a key is empty (the message never shows a key)
   */
  public static UCloudCredentials of(String publicKey, String privateKey) {
    return new UCloudCredentials(
        required(publicKey, "publicKey"), required(privateKey, "privateKey"), null);
  }

  /** The same keys with the security token of temporary credentials, sent as SecurityToken. */
  public UCloudCredentials withSecurityToken(String token) {
    return new UCloudCredentials(publicKey, privateKey, required(token, "securityToken"));
  }

  String publicKey() {
    return publicKey;
  }

  String privateKey() {
    return privateKey;
  }

  Optional<String> securityToken() {
    return Optional.ofNullable(securityToken);
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("UCloud credentials: " + name + " must not be empty");
    }
    if (!value.strip().equals(value)) {
      // A pasted key with a trailing newline signs wrongly and fails with RetCode 171 later.
      throw new IllegalArgumentException(
          "UCloud credentials: " + name + " has leading or trailing whitespace");
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UCloudCredentials that
        && publicKey.equals(that.publicKey)
        && privateKey.equals(that.privateKey)
        && Objects.equals(securityToken, that.securityToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(publicKey, privateKey, securityToken);
  }

  @Override
  public String toString() {
    return "UCloudCredentials{publicKey=<redacted>, privateKey=<redacted>"
        + (securityToken == null ? "" : ", securityToken=<redacted>")
        + "}";
  }
}
