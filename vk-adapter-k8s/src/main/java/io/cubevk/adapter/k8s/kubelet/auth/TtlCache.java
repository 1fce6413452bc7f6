package io.cubevk.adapter.k8s.kubelet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small bounded cache whose entries expire: the oldest entry makes room when it is full. Good
 * enough for review results (a few hundred distinct callers); synchronized, since lookups are cheap
 * next to the reviews they save.
 */
final class TtlCache<K, V> {

  private record Entry<V>(V value, Instant expires) {}

  private final Clock clock;
  private final int maxEntries;
  private final Map<K, Entry<V>> entries;

  TtlCache(Clock clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  synchronized Optional<V> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(K key, V value, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative()) {
      return;
    }
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    while (entries.size() > maxEntries) {
      K eldest = entries.keySet().iterator().next();
      entries.remove(eldest);
    }
  }
}
