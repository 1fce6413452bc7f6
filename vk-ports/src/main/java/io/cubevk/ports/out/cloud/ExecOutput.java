package io.cubevk.ports.out.cloud;

/**
 * Receives what an exec or attach session produces. Calls come from the implementation's threads,
 * in order, one at a time; they must not block. {@link #exited} or {@link #failed} is the last
 * call.
 */
public interface ExecOutput {

  void stdout(byte[] bytes);

  void stderr(byte[] bytes);

  /** The process ended with this exit code. */
  void exited(int exitCode);

  /** The session broke before the process ended. */
  void failed(CloudFailure failure);
}
