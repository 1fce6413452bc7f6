package io.cubevk.adapter.k8s.cluster;

import io.cubevk.ports.out.cluster.ObjectRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubelet's event correlation, the part that matters: the same event (same object, type, reason and
 * message) recorded again updates the Event already written, its {@code count} and {@code
 * lastTimestamp}, instead of writing a new one. Remembers the most recent {@value #CAPACITY} events
 * (an LRU, like client-go's cache); an event forgotten since is written anew. Not thread-safe: the
 * recorder calls it from its one thread.
 */
final class EventAggregator {

  static final int CAPACITY = 4096;

  /** What identifies "the same event". */
  record Key(ObjectRef object, String type, String reason, String message) {}

  /**
   * What to write.
   *
   * @param name the Event's name
   * @param count how many times it happened
   * @param first when it first happened
   * @param last now
   * @param isNew whether the Event must be created (otherwise updated)
   */
  record Decision(String name, int count, Instant first, Instant last, boolean isNew) {}

  private final Map<Key, Decision> seen =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Decision> eldest) {
          return size() > CAPACITY;
        }
      };

  private long sequence;

  /** Records one more occurrence and says whether to create or update. */
  Decision record(Key key, Instant now) {
    Decision previous = seen.get(key);
    Decision next =
        previous == null
            ? new Decision(newName(key.object(), now), 1, now, now, true)
            : new Decision(previous.name(), previous.count() + 1, previous.first(), now, false);
    seen.put(key, next);
    return next;
  }

  /** The Event was not found when updated (expired on the server): the next one is new. */
  Decision recreate(Key key, Instant now) {
    Decision fresh = new Decision(newName(key.object(), now), 1, now, now, true);
    seen.put(key, fresh);
    return fresh;
  }

  private String newName(ObjectRef object, Instant now) {
    // As kubelet names events: "<object>.<hex nanos>", plus a sequence so two in the same
    // nanosecond cannot collide.
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() + (sequence++);
    return object.name() + "." + Long.toHexString(nanos);
  }
}
