package io.cubevk.adapter.k8s.kubelet;

import io.netty.channel.ChannelFuture;

/**
 * Bytes written to a connection but not yet handed to the socket, for one stream. Pushed streams
 * cannot be told to wait (see {@code ByteSink}): the stream is paused when the connection stops
 * being writable, and if its source keeps pushing anyway the stream is cut once this budget is
 * spent, so a slow reader costs at most the budget in memory. Event-loop confined.
 */
final class OutboundBudget {

  private final long limit;
  private long pending;

  OutboundBudget(long limit) {
    this.limit = limit;
  }

  /** Counts a write until it completes. */
  void track(ChannelFuture write, int bytes) {
    pending += bytes;
    write.addListener(f -> pending -= bytes);
  }

  boolean exceeded() {
    return pending > limit;
  }

  long pending() {
    return pending;
  }
}
