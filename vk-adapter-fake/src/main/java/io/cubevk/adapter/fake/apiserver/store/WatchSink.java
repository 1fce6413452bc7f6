package io.cubevk.adapter.fake.apiserver.store;

/**
 * Where a watch delivers its events. Called with the store's write lock held: it must only queue
 * the event and return at once, never block or write to a socket.
 */
public interface WatchSink {

  /**
   * Queues one event for the watcher.
   *
   * @param type the type as this watcher sees it (a MODIFIED that leaves its selector is DELETED)
   * @param event the committed change
   * @return false when the watcher cannot keep up or is gone: the store then drops it
   */
  boolean offer(String type, StoreEvent event);

  /** Called once when the store ends the watch (dropped, restarted, too slow). */
  void ended();
}
