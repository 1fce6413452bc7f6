package io.cubevk.adapter.fake.apiserver.controllers;

import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.function.Consumer;

/**
 * A level-triggered controller run by the {@link ControllerManager}: store changes map to keys, and
 * each key is reconciled from the store's current state, never from the event that woke it. Keys of
 * one controller are deduplicated while queued and reconciled one at a time.
 */
public interface Controller {

  /** A short name, for logs. */
  String name();

  /**
   * Maps a committed change to the keys to reconcile. Called with the store's write lock held: only
   * enqueue, never read other objects or write.
   */
  void onEvent(StoreEvent event, Consumer<String> enqueue);

  /** Keys to reconcile when the manager starts (a full resync). */
  default void resync(Consumer<String> enqueue) {}

  /**
   * Brings the world in line for one key. Throwing retries the key later with backoff; a conflict
   * (someone else wrote first) is the usual reason.
   */
  void reconcile(String key);
}
