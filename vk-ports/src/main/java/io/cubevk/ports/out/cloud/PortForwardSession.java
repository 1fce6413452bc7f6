package io.cubevk.ports.out.cloud;

/** One forwarded connection to a port of a Cube; data from the Cube arrives at the given sink. */
public interface PortForwardSession extends StreamHandle {

  /** Sends bytes to the Cube's port. */
  void send(byte[] bytes);

  /** Half-closes: no more bytes to the Cube. */
  void closeOutput();
}
