package io.cubevk.archfixture.domain.cube.codec;

/** Bad: even the codec may not bring another serialisation library into the domain. */
public final class JsonInCodec {
  public Object mapper() {
    return new com.fasterxml.jackson.databind.ObjectMapper();
  }
}
