package io.cubevk.domain.translation;

import io.cubevk.domain.cube.FileBytes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A ConfigMap's data, text and binary, as the engine read it.
 *
 * @param data text values by key
 * @param binaryData binary values by key
 */
public record ConfigMapData(
    SortedMap<String, String> data, SortedMap<String, FileBytes> binaryData) {

  public ConfigMapData {
    data = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(data));
    binaryData = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(binaryData));
  }

  /** A ConfigMap with text data only. */
  public static ConfigMapData of(Map<String, String> data) {
    return new ConfigMapData(new TreeMap<>(data), new TreeMap<>());
  }

  /** Every key, text and binary. */
  public java.util.SortedSet<String> keys() {
    java.util.SortedSet<String> keys = new java.util.TreeSet<>(data.keySet());
    keys.addAll(binaryData.keySet());
    return keys;
  }

  /** The bytes of one key, text or binary. */
  public Optional<FileBytes> bytes(String key) {
    if (data.containsKey(key)) {
      return Optional.of(FileBytes.of(data.get(key).getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.ofNullable(binaryData.get(key));
  }
}
