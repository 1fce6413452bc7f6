package io.cubevk.ports.out.cloud;

/** A running stream the caller can stop early; closing twice is harmless. */
public interface StreamHandle extends AutoCloseable {

  /** Stops the stream; no further callbacks arrive after it returns. */
  @Override
  void close();

  /**
   * The receiver cannot keep up (its network buffer is full): an implementation that reads from
   * something it can stop reading should stop pushing until {@link #resume()}. A hint only: an
   * implementation that cannot pause keeps pushing, and the receiver bounds what it buffers.
   */
  default void pause() {}

  /** The receiver can take bytes again after {@link #pause()}. */
  default void resume() {}
}
