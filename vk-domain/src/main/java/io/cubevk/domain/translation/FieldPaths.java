package io.cubevk.domain.translation;

/**
 * Builds the field paths of violations the way kubectl and the API server print them: dotted
 * fields, {@code [i]} for list items and {@code ['key']} for map keys.
 */
public final class FieldPaths {

  private FieldPaths() {}

  /** {@code parent.field}, or just {@code field} at the root. */
  public static String field(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** {@code parent[index]}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** {@code parent['key']}: map keys may hold dots and slashes, so they are quoted. */
  public static String key(String parent, String key) {
    return parent + "['" + key + "']";
  }

  /** A path below a prefix: {@code join("spec.template", "spec.volumes[0]")}. */
  public static String join(String prefix, String path) {
    if (prefix.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? prefix : prefix + "." + path;
  }
}
