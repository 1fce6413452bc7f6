package io.cubevk.ports.out.cloud;

/**
 * Receives bytes pushed by a stream: log chunks, container output, forwarded port data. Calls come
 * from the implementation's threads, in order, one at a time; they must not block.
 */
public interface ByteSink {

  /** The next bytes; the array is the receiver's to keep. */
  void write(byte[] bytes);

  /** The stream ended normally (no more {@link #write} calls follow). */
  void end();

  /** The stream ended because of a failure (no more calls follow). */
  void fail(CloudFailure failure);
}
