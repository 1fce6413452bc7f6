package io.cubevk.adapter.k8s.cluster;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.CallGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the adapter's informers: each with its own list and watch (so selectors reach both, see
 * {@link ListWatch}), a quiet error handler (an unreachable API server is logged in one line per
 * attempt, not a stack trace per second) and change handlers that skip what did not change.
 */
final class Informers {

  private static final Logger log = LoggerFactory.getLogger(Informers.class);

  /** Longer than the longest watch client-java asks for (5 to 10 minutes). */
  private static final Duration WATCH_READ_TIMEOUT = Duration.ofMinutes(11);

  private final ApiClient client;
  private final OkHttpClient watchHttp;
  private final long resyncMillis;
  private volatile boolean closing;
  private final Map<SharedIndexInformer<?>, AtomicBoolean> stoppingFlags =
      new ConcurrentHashMap<>();

  Informers(ApiClient client, Duration resync) {
    this.client = client;
    this.watchHttp =
        client
            .getHttpClient()
            .newBuilder()
            .readTimeout(WATCH_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    this.resyncMillis = resync.toMillis();
  }

  <T extends KubernetesObject, L extends KubernetesListObject> SharedIndexInformer<T> create(
      String what, Class<T> type, Class<L> listType, CallGenerator calls) {
    AtomicBoolean stopping = new AtomicBoolean();
    SharedIndexInformer<T> informer =
        new DefaultSharedIndexInformer<>(
            type,
            new ListWatch<>(client, watchHttp, type, listType, calls),
            resyncMillis,
            new io.kubernetes.client.informer.cache.Cache<>(),
            (cls, error) -> {
              if (closing || stopping.get()) {
                return; // stopping cuts the watch: that is not a failure
              }
              log.warn(
                  "{} informer: list or watch failed, retrying: {}",
                  what,
                  ClusterFailures.redact(String.valueOf(error.getMessage())));
            });
    stoppingFlags.put(informer, stopping);
    return informer;
  }

  /** Stops an informer made here, without logging the broken watch that stopping causes. */
  void stop(SharedIndexInformer<?> informer) {
    AtomicBoolean stopping = stoppingFlags.remove(informer);
    if (stopping != null) {
      stopping.set(true);
    }
    informer.stop();
  }

  /** The informers are about to be stopped: broken watches from now on are expected. */
  void closing() {
    closing = true;
  }

  /**
   * A handler that calls {@code changed} with each object added, deleted or changed. A relist
   * (after a dropped watch or a 410) offers every object again as an update: one whose
   * resourceVersion did not move is skipped, so a relist of thousands of pods costs nothing
   * downstream. The informer's periodic resync (the same object offered again) passes through.
   */
  static <T extends KubernetesObject> ResourceEventHandler<T> onChange(
      Consumer<T> changed, Consumer<T> deleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (oldObj != newObj && Objects.equals(version(oldObj), version(newObj))) {
          return;
        }
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        deleted.accept(obj);
      }
    };
  }

  /**
   * Like {@link #onChange}, for objects whose identity is their uid (pods): an update that carries
   * another uid under the same namespace/name is the old object's deletion and the new one's
   * addition. Informers key their caches by name, so a pod deleted and created again under its name
   * while the watch was down comes back from the relist as such an update, with no delete event; a
   * handler that only saw the new pod would never look at the old one again (nor at its Cube).
   */
  static <T extends KubernetesObject> ResourceEventHandler<T> onChangeByUid(
      Consumer<T> changed, Consumer<T> deleted) {
    ResourceEventHandler<T> byVersion = onChange(changed, deleted);
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        byVersion.onAdd(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (oldObj != null && !Objects.equals(uid(oldObj), uid(newObj))) {
          deleted.accept(oldObj);
          changed.accept(newObj);
          return;
        }
        byVersion.onUpdate(oldObj, newObj);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        byVersion.onDelete(obj, finalStateUnknown);
      }
    };
  }

  static String uid(KubernetesObject o) {
    return o == null || o.getMetadata() == null ? null : o.getMetadata().getUid();
  }

  static String version(KubernetesObject o) {
    return o == null || o.getMetadata() == null ? null : o.getMetadata().getResourceVersion();
  }
}
