package io.cubevk.ports.out.cloud;

/** The caller's side of a running exec or attach session. */
public interface ExecSession extends StreamHandle {

  /** Sends bytes to the process's stdin (ignored if the request asked for no stdin). */
  void stdin(byte[] bytes);

  /** Signals end of input (Ctrl-D, or the client closed stdin). */
  void closeStdin();

  /** The client's terminal changed size (tty sessions only). */
  void resize(int columns, int rows);
}
