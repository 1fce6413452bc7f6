package io.cubevk.archfixture.domain.pod;

/** Bad: SnakeYAML outside the Cube document codec. */
public final class YamlOutsideCodec {
  public Object parse(String text) {
    return new org.yaml.snakeyaml.Yaml().load(text);
  }
}
