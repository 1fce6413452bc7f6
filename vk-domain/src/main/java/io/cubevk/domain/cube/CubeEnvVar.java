package io.cubevk.domain.cube;

/**
 * A plain environment variable: Cube takes values only, so references to Secrets, ConfigMaps and
 * fields are resolved before the document is built. The value may come from a Secret, so {@link
 * #toString()} never shows it.
 */
public record CubeEnvVar(String name, String value) {

  public static CubeEnvVar of(String name, String value) {
    return new CubeEnvVar(name, value);
  }

  @Override
  public String toString() {
    return name + "=<redacted>";
  }
}
