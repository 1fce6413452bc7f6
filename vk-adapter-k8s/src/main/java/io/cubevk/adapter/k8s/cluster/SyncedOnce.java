package io.cubevk.adapter.k8s.cluster;

import io.kubernetes.client.informer.SharedIndexInformer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the informers that have had their first list. client-java's {@code hasSynced} takes the
 * informer's DeltaFIFO lock, which its reflector holds while it queues watch events; asked by every
 * reconcile of every pod, across every informer, it made the engine's workers queue behind the
 * reflectors in a burst (bench thread samples: ~11 % of worker samples waiting there). Once an
 * informer has synced it stays synced (DeltaFIFO's initial population is counted once), so the
 * answer can be kept.
 */
final class SyncedOnce {

  private final Set<SharedIndexInformer<?>> synced = ConcurrentHashMap.newKeySet();

  boolean hasSynced(SharedIndexInformer<?> informer) {
    if (synced.contains(informer)) {
      return true;
    }
    if (informer.hasSynced()) {
      synced.add(informer);
      return true;
    }
    return false;
  }

  /** The informer was stopped: not kept any longer. */
  void forget(SharedIndexInformer<?> informer) {
    synced.remove(informer);
  }
}
