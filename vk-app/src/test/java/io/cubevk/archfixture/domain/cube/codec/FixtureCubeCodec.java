package io.cubevk.archfixture.domain.cube.codec;

/** Good: the codec may use SnakeYAML. */
public final class FixtureCubeCodec {
  public String render(Object document) {
    return new org.yaml.snakeyaml.Yaml().dump(document);
  }
}
