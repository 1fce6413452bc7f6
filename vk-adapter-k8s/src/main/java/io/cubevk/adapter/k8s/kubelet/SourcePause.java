package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.out.cloud.StreamHandle;

/**
 * Pauses a stream's source while its connection is not writable and resumes it when it is again.
 * Checked after every write as well as on writability events: Netty delivers some writability
 * changes (those raised by TLS's own write queue) as a later task, after a burst of queued writes
 * would already have spent the stream's buffer budget. Event-loop confined.
 */
final class SourcePause {

  private StreamHandle source;
  private boolean paused;

  void source(StreamHandle source) {
    this.source = source;
  }

  void update(boolean writable) {
    if (source == null) {
      return;
    }
    if (!writable && !paused) {
      paused = true;
      source.pause();
    } else if (writable && paused) {
      paused = false;
      source.resume();
    }
  }
}
