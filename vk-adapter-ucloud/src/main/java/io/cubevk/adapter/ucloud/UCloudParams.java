package io.cubevk.adapter.ucloud;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns an action's parameters into the flat form fields UCloud takes, with every value rendered
 * exactly as it is sent: the signature is computed over these strings and the form carries the same
 * strings, so what is signed is always what is sent.
 *
 * <p>Flattening follows UCloud's SDKs: a list becomes {@code Key.0}, {@code Key.1}, …; a map (an
 * object) becomes {@code Key.Field}; both nest, so a list of objects is {@code Key.0.Field}. {@code
 * null} values are left out, as the SDKs do with unset optional fields.
 */
final class UCloudParams {

  private UCloudParams() {}

  /**
   * The flat fields, sorted by key in ASCII order (the order the signature needs).
   *
   * @throws IllegalArgumentException naming the key when a value cannot be sent
   */
  static SortedMap<String, String> flatten(Map<String, ?> params) {
    SortedMap<String, String> flat = new TreeMap<>();
    params.forEach((key, value) -> put(flat, key, value));
    return Collections.unmodifiableSortedMap(flat);
  }

  private static void put(SortedMap<String, String> flat, String key, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        put(flat, key + "." + i, list.get(i));
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((field, fieldValue) -> put(flat, key + "." + field, fieldValue));
    } else {
      String previous = flat.put(key, render(key, value));
      if (previous != null) {
        throw new IllegalArgumentException("UCloud parameter " + key + " is given twice");
      }
    }
  }

  /**
   * A scalar as UCloud expects it on the wire: integers plainly, booleans {@code true}/{@code
   * false}, floating-point numbers without a trailing {@code .0} and never in scientific notation
   * ({@code 35.0} is {@code 35}, {@code 1e7} is {@code 10000000}), strings as they are.
   */
  static String render(String key, Object value) {
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Boolean bool) {
      return bool.toString();
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        throw new IllegalArgumentException(
            "UCloud parameter " + key + " must be a finite number, was " + value);
      }
      // Float.toString keeps a float's shortest form (0.1f stays 0.1, not 0.10000000149…).
      BigDecimal decimal =
          value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(number);
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Enum<?> || value instanceof Character) {
      throw new IllegalArgumentException(
          "UCloud parameter " + key + " needs the API's word, not the Java constant " + value);
    }
    throw new IllegalArgumentException(
        "UCloud parameter "
            + key
            + " has a value of type "
            + value.getClass().getSimpleName()
            + "; accepted are strings, numbers, booleans, lists and maps of them");
  }
}
