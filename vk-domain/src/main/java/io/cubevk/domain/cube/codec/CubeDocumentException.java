package io.cubevk.domain.cube.codec;

/**
 * A Cube document that cannot be read: names the field path and what was expected, so a change in
 * what the service stores is easy to diagnose.
 */
public final class CubeDocumentException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  CubeDocumentException(String path, String problem) {
    super("Cube document: " + path + ": " + problem);
  }

  CubeDocumentException(String problem, Throwable cause) {
    super("Cube document: " + problem, cause);
  }
}
