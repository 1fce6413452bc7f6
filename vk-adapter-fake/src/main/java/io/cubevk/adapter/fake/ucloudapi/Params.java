package io.cubevk.adapter.fake.ucloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's parameters, flattened as the signature sees them ({@code Key.0}, {@code
 * Key.0.Field}), with typed reads that refuse as UCloud does ({@link BadRequest}): 220 for a
 * missing parameter, 230 for a bad value, naming the parameter and what is accepted.
 */
final class Params {

  private final Map<String, String> values;

  Params(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Flattens a JSON body the way the signature flattens arrays and objects. */
  static Params fromJson(JsonNode body) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", body, out);
    return new Params(out);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "." + i, node.get(i), out);
      }
    } else if (node.isNumber()) {
      // Floats are signed without a trailing ".0" (cube-api.md): 35.0 is "35".
      out.put(prefix, node.decimalValue().stripTrailingZeros().toPlainString());
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }

  Map<String, String> all() {
    return values;
  }

  Optional<String> optional(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  String required(String name) {
    return optional(name).orElseThrow(() -> BadRequest.missing(name));
  }

  int integer(String name, int defaultValue) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.get().trim());
    } catch (NumberFormatException e) {
      throw BadRequest.invalid(name, "expected an integer, got '" + v.get() + "'");
    }
  }

  long requiredLong(String name) {
    String v = required(name);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw BadRequest.invalid(name, "expected an integer, got '" + v + "'");
    }
  }

  boolean bool(String name, boolean defaultValue) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw BadRequest.invalid(name, "expected true or false, got '" + v.get() + "'");
    };
  }

  /** {@code Name.0}, {@code Name.1}, … up to the first gap. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    for (int i = 0; values.containsKey(name + "." + i); i++) {
      out.add(values.get(name + "." + i));
    }
    return out;
  }

  /** One of the accepted words, or the default when absent. */
  String oneOf(String name, String defaultValue, List<String> accepted) {
    String v = optional(name).orElse(defaultValue);
    if (!accepted.contains(v)) {
      throw BadRequest.invalid(name, "'" + v + "', accepted: " + accepted);
    }
    return v;
  }
}
