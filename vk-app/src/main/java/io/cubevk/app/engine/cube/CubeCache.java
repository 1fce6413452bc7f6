package io.cubevk.app.engine.cube;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's view of its Cubes, by pod uid, per group. See the package documentation for how it
 * stays fresh.
 *
 * <p>Observations race: a list that started before a create finished must not remove the new Cube,
 * and one that started before a delete was confirmed must not bring it back. Every change is
 * stamped with a version from one counter, and a list only overrides what was known before it
 * started.
 */
public final class CubeCache {

  private static final Logger log = LoggerFactory.getLogger(CubeCache.class);

  /** Told about every change of a pod's Cube (appeared, changed, vanished). Must not block. */
  public interface Listener {
    void cubeChanged(PodUid uid);
  }

  private final CubeCloud cloud;
  private final CubeCacheSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Listener listener;
  private final AtomicLong versions = new AtomicLong();
  private final ConcurrentMap<PodUid, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Group> groups = new ConcurrentHashMap<>();

  public CubeCache(
      CubeCloud cloud,
      CubeCacheSettings settings,
      ScheduledExecutorService scheduler,
      Listener listener) {
    this.cloud = cloud;
    this.settings = settings;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /** The Cube of a pod as last observed (or as just created), if any. */
  public Optional<ObservedCube> byPod(PodUid uid) {
    Entry entry = entries.get(uid);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.cube);
  }

  /** Every Cube known in a group. */
  public List<ObservedCube> inGroup(String group) {
    List<ObservedCube> cubes = new ArrayList<>();
    entries
        .values()
        .forEach(
            e -> {
              if (e.cube != null && e.group.equals(group)) {
                cubes.add(e.cube);
              }
            });
    return cubes;
  }

  /**
   * Cubes of the group that carry the uid of a pod that already has another Cube: duplicates the
   * orphan collector must delete (they can only come from a create whose answer was lost).
   */
  public List<ObservedCube> duplicates(String group) {
    Group state = groups.get(group);
    return state == null ? List.of() : List.copyOf(state.duplicates);
  }

  /** How many Cubes of the group the fast path is watching (in transition). */
  public int watchedClosely(String group) {
    Group state = groups.get(group);
    if (state == null) {
      return 0;
    }
    synchronized (state) {
      return state.watches.size();
    }
  }

  /** Whether the group has been listed at least once: until then, absence means nothing. */
  public boolean hasListed(String group) {
    Group state = groups.get(group);
    return state != null && state.listed;
  }

  /** Starts the periodic list of a group (a virtual node the agent serves). */
  public void serve(String group) {
    Group state = groups.computeIfAbsent(group, g -> new Group());
    synchronized (state) {
      if (state.periodicList == null) {
        state.periodicList =
            scheduler.scheduleWithFixedDelay(
                () -> listQuietly(group),
                0,
                settings.listInterval().toMillis(),
                TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Stops looking at a group; what is known of it is forgotten. */
  public void stopServing(String group) {
    Group state = groups.remove(group);
    if (state != null) {
      synchronized (state) {
        cancel(state.periodicList);
        cancel(state.fastPath);
      }
    }
    entries.values().removeIf(e -> e.group.equals(group));
  }

  /** Lists the group now and applies what it shows. */
  public void refresh(String group) {
    long startVersion = versions.get();
    List<ObservedCube> listed = cloud.list(group);
    apply(group, startVersion, listed);
  }

  /**
   * A Cube the agent just created: known at once (so it is never created twice) but not yet
   * observed, and watched closely until steady.
   */
  public void created(String group, ObservedCube cube) {
    Entry entry = new Entry(group, cube, versions.incrementAndGet(), false);
    entries.put(cube.podUid(), entry);
    watchClosely(group, cube.podUid(), cube.cubeId(), false);
  }

  /**
   * Whether the pod's Cube has been seen in the cloud, not only created by the agent: a Cube's
   * status is worth reporting only once it comes from the cloud.
   */
  public boolean observedInCloud(PodUid uid) {
    Entry entry = entries.get(uid);
    return entry != null && entry.cube != null && entry.observed;
  }

  /** A fresh observation the agent made itself (a get, a renew). */
  public void observed(String group, ObservedCube cube) {
    long version = versions.incrementAndGet();
    Entry previous = entries.put(cube.podUid(), new Entry(group, cube, version, true));
    if (previous == null || !previous.observed || !cube.equals(previous.cube)) {
      listener.cubeChanged(cube.podUid());
    }
    if (cube.status().phase().inTransition()) {
      watchClosely(group, cube.podUid(), cube.cubeId(), false);
    }
  }

  /** The agent asked the cloud to delete the pod's Cube: watched closely until it is gone. */
  public void deleting(String group, PodUid uid, CubeId id) {
    watchClosely(group, uid, id, true);
  }

  /** The agent knows the pod's Cube is gone (delete answered not-found, or a get showed none). */
  public void gone(String group, PodUid uid) {
    long version = versions.incrementAndGet();
    // A tombstone: a list that started earlier cannot revive the Cube; the next list drops it.
    Entry previous = entries.put(uid, new Entry(group, null, version, true));
    if (previous != null && previous.cube != null) {
      listener.cubeChanged(uid);
    }
    Group state = groups.get(group);
    if (state != null) {
      synchronized (state) {
        state.watches.remove(uid);
        state.duplicates.removeIf(d -> d.podUid().equals(uid));
      }
    }
  }

  /** Stops all polling. */
  public void close() {
    groups.keySet().forEach(this::stopServing);
  }

  private void listQuietly(String group) {
    try {
      refresh(group);
    } catch (CloudFailure e) {
      log.warn(
          "listing the Cubes of {} failed ({}); next try in {}",
          group,
          e.getMessage(),
          settings.listInterval());
    } catch (RuntimeException e) {
      log.error("listing the Cubes of {} failed unexpectedly", group, e);
    }
  }

  private void apply(String group, long startVersion, List<ObservedCube> listed) {
    Group state = groups.computeIfAbsent(group, g -> new Group());
    Map<PodUid, ObservedCube> byUid = new HashMap<>();
    List<ObservedCube> duplicates = new ArrayList<>();
    for (ObservedCube cube : listed) {
      ObservedCube first = byUid.putIfAbsent(cube.podUid(), cube);
      if (first != null && !first.cubeId().equals(cube.cubeId())) {
        // Keep the Cube the agent already knows; the other one is the duplicate.
        Entry known = entries.get(cube.podUid());
        boolean keepNew =
            known != null && known.cube != null && known.cube.cubeId().equals(cube.cubeId());
        if (keepNew) {
          byUid.put(cube.podUid(), cube);
          duplicates.add(first);
        } else {
          duplicates.add(cube);
        }
      }
    }
    Set<PodUid> changed = new HashSet<>();
    byUid.forEach(
        (uid, cube) -> {
          Entry fresh = new Entry(group, cube, versions.incrementAndGet(), true);
          Entry before = entries.get(uid);
          if (before != null && before.version > startVersion) {
            return; // the agent learned something newer while the list was running
          }
          entries.put(uid, fresh);
          if (before == null || !before.observed || !cube.equals(before.cube)) {
            changed.add(uid);
          }
          if (cube.status().phase().inTransition()) {
            watchClosely(group, uid, cube.cubeId(), false);
          }
        });
    entries.forEach(
        (uid, entry) -> {
          if (entry.group.equals(group)
              && entry.version <= startVersion
              && !byUid.containsKey(uid)
              && entries.remove(uid, entry)
              && entry.cube != null) {
            changed.add(uid); // vanished; a tombstone this old has done its job and goes too
          }
        });
    synchronized (state) {
      state.listed = true;
      state.duplicates.clear();
      state.duplicates.addAll(duplicates);
    }
    changed.forEach(listener::cubeChanged);
  }

  private void watchClosely(String group, PodUid uid, CubeId id, boolean awaitingGone) {
    Group state = groups.computeIfAbsent(group, g -> new Group());
    synchronized (state) {
      Watch existing = state.watches.get(uid);
      if (existing != null && (existing.awaitingGone || !awaitingGone)) {
        return; // already watched; a Cube being deleted stays watched until it is gone
      }
      state.watches.put(
          uid,
          new Watch(
              group,
              uid,
              id,
              awaitingGone,
              settings.fastPathFirst(),
              System.nanoTime() + settings.fastPathFirst().toNanos()));
      scheduleFastPath(group, state);
    }
  }

  private void scheduleFastPath(String group, Group state) {
    long earliest = state.watches.values().stream().mapToLong(w -> w.dueNanos).min().orElse(-1);
    if (earliest < 0) {
      return;
    }
    long delay = Math.max(0, earliest - System.nanoTime());
    if (state.fastPath != null
        && !state.fastPath.isDone()
        && state.fastPath.getDelay(TimeUnit.NANOSECONDS) <= delay) {
      return;
    }
    cancel(state.fastPath);
    state.fastPath = scheduler.schedule(() -> pollTransitions(group), delay, TimeUnit.NANOSECONDS);
  }

  private void pollTransitions(String group) {
    Group state = groups.get(group);
    if (state == null) {
      return;
    }
    List<Watch> due = new ArrayList<>();
    List<Watch> watched;
    long now = System.nanoTime();
    synchronized (state) {
      watched = List.copyOf(state.watches.values());
      watched.stream().filter(w -> w.dueNanos <= now).forEach(due::add);
    }
    int groupSize = Math.max(1, Math.max(watched.size(), inGroup(group).size()));
    int pages = (groupSize + settings.cubesPerListPage() - 1) / settings.cubesPerListPage();
    // When more Cubes are in transition than a list has pages, one list looks at all of them for
    // less than a get each; in a burst this turns hundreds of gets into a couple of pages.
    List<Watch> lookedAt = watched.size() > pages ? watched : due;
    try {
      if (lookedAt == watched) {
        refresh(group);
      } else {
        due.forEach(this::lookAt);
      }
    } catch (CloudFailure e) {
      log.debug("fast path of {} failed ({}); backing off", group, e.getMessage());
    } catch (RuntimeException e) {
      log.error("fast path of {} failed unexpectedly", group, e);
    }
    synchronized (state) {
      for (Watch watch : lookedAt) {
        if (state.watches.get(watch.uid) != watch) {
          continue; // replaced meanwhile
        }
        if (settled(watch)) {
          state.watches.remove(watch.uid);
        } else {
          Duration next = watch.delay.multipliedBy(2);
          if (next.compareTo(settings.fastPathMax()) > 0) {
            next = settings.fastPathMax();
          }
          state.watches.put(
              watch.uid,
              new Watch(
                  group,
                  watch.uid,
                  watch.id,
                  watch.awaitingGone,
                  next,
                  System.nanoTime() + next.toNanos()));
        }
      }
      state.fastPath = null;
      scheduleFastPath(group, state);
    }
  }

  private void lookAt(Watch watch) {
    Optional<ObservedCube> cube = cloud.get(watch.id);
    if (cube.isPresent()) {
      observed(watch.group, cube.get());
    } else if (watch.awaitingGone) {
      gone(watch.group, watch.uid);
    }
  }

  private boolean settled(Watch watch) {
    Entry entry = entries.get(watch.uid);
    if (watch.awaitingGone) {
      return entry == null || entry.cube == null;
    }
    return entry == null || entry.cube == null || !entry.cube.status().phase().inTransition();
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  /**
   * What is known of one pod's Cube; {@code cube == null} is a tombstone, {@code observed} false
   * for a Cube the agent created but has not seen in the cloud yet.
   */
  private record Entry(String group, ObservedCube cube, long version, boolean observed) {}

  private record Watch(
      String group, PodUid uid, CubeId id, boolean awaitingGone, Duration delay, long dueNanos) {}

  private static final class Group {
    final Map<PodUid, Watch> watches = new HashMap<>();
    final List<ObservedCube> duplicates = new ArrayList<>();
    boolean listed;
    ScheduledFuture<?> periodicList;
    ScheduledFuture<?> fastPath;
  }
}
