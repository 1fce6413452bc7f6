package io.cubevk.ports.out.cloud;

/** A running stream the caller can stop early; closing twice is harmless. */
public interface StreamHandle extends AutoCloseable {

  /** Stops the stream; no further callbacks arrive after it returns. */
  @Override
  void close();
}
