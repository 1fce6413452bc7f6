package io.cubevk.domain.translation;

import io.cubevk.domain.cube.FileBytes;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Secret's type and data, as the engine read it. {@link #toString()} shows the keys only.
 *
 * @param type the Secret's type, e.g. {@code Opaque} or {@code kubernetes.io/dockerconfigjson}
 * @param data its data, key to bytes
 */
public record SecretData(String type, SortedMap<String, FileBytes> data) {

  public static final String DOCKER_CONFIG_JSON_TYPE = "kubernetes.io/dockerconfigjson";
  public static final String DOCKER_CONFIG_JSON_KEY = ".dockerconfigjson";
  public static final String DOCKER_CFG_TYPE = "kubernetes.io/dockercfg";
  public static final String DOCKER_CFG_KEY = ".dockercfg";

  public SecretData {
    Objects.requireNonNull(type, "type");
    data = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(data));
  }

  /** An {@code Opaque} Secret. */
  public static SecretData opaque(Map<String, FileBytes> data) {
    return new SecretData("Opaque", new TreeMap<>(data));
  }

  /** A {@code kubernetes.io/dockerconfigjson} Secret holding {@code json}. */
  public static SecretData dockerConfigJson(String json) {
    return new SecretData(
        DOCKER_CONFIG_JSON_TYPE,
        new TreeMap<>(Map.of(DOCKER_CONFIG_JSON_KEY, FileBytes.utf8(json))));
  }

  @Override
  public String toString() {
    return "SecretData{type=" + type + ", keys=" + data.keySet() + "}";
  }
}
