package io.cubevk.app.engine.pod;

import com.google.common.util.concurrent.AbstractScheduledService;
import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cluster.PodCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes Cubes of the agent's groups that belong to no pod: left behind by a pod deleted while the
 * agent was down, or duplicates from a create whose answer was lost. Careful by design: it runs
 * only once both caches are complete, matches on pod uid (never on name: a pod re-created under the
 * same name is another pod), waits a grace period, re-checks against a fresh list, and never
 * touches a Cube of another group.
 */
public final class OrphanCollector extends AbstractScheduledService {

  private static final Logger log = LoggerFactory.getLogger(OrphanCollector.class);

  private final CubeCache cubes;
  private final PodCache pods;
  private final CubeCloud cloud;
  private final ServedNodes nodes;
  private final Clock clock;
  private final Duration grace;
  private final Duration interval;

  /** Per group: since when each of its Cubes has had no pod (each sweep prunes its own group's). */
  private final Map<String, Map<CubeId, Instant>> orphanedSince = new ConcurrentHashMap<>();

  public OrphanCollector(
      CubeCache cubes,
      PodCache pods,
      CubeCloud cloud,
      ServedNodes nodes,
      Clock clock,
      Duration grace,
      Duration interval) {
    this.cubes = cubes;
    this.pods = pods;
    this.cloud = cloud;
    this.nodes = nodes;
    this.clock = clock;
    this.grace = grace;
    this.interval = interval;
  }

  @Override
  protected void runOneIteration() {
    orphanedSince.keySet().retainAll(nodes.all().stream().map(n -> n.settings().name()).toList());
    for (ServedNodes.Entry node : nodes.all()) {
      if (node.state().draining()) {
        continue;
      }
      try {
        sweep(node.settings().name());
      } catch (CloudFailure e) {
        log.warn(
            "collecting orphan Cubes of {} failed, will retry: {}",
            node.settings().name(),
            e.getMessage());
      } catch (RuntimeException e) {
        log.error("collecting orphan Cubes of {} failed", node.settings().name(), e);
      }
    }
  }

  /** One sweep of one group; visible for the tests, which drive it without a schedule. */
  void sweep(String group) {
    if (!pods.hasSynced() || !cubes.hasListed(group)) {
      return;
    }
    for (ObservedCube duplicate : cubes.duplicates(group)) {
      log.warn(
          "Cube {} duplicates the Cube of pod {}; deleting it",
          duplicate.cubeId(),
          duplicate.podUid());
      delete(duplicate);
    }
    Instant now = clock.instant();
    List<ObservedCube> candidates = orphansIn(group);
    Map<CubeId, Instant> since =
        orphanedSince.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
    since.keySet().retainAll(candidates.stream().map(ObservedCube::cubeId).toList());
    boolean anyDue = false;
    for (ObservedCube cube : candidates) {
      Instant first = since.computeIfAbsent(cube.cubeId(), id -> now);
      anyDue |= Duration.between(first, now).compareTo(grace) >= 0;
    }
    if (!anyDue) {
      return;
    }
    cubes.refresh(group); // decide on a fresh list, not on what may be minutes old
    for (ObservedCube cube : orphansIn(group)) {
      Instant first = since.get(cube.cubeId());
      if (first != null && Duration.between(first, now).compareTo(grace) >= 0) {
        log.info(
            "Cube {} belongs to no pod (uid {}) since {}; deleting it",
            cube.cubeId(),
            cube.podUid(),
            first);
        delete(cube);
        since.remove(cube.cubeId());
      }
    }
  }

  private List<ObservedCube> orphansIn(String group) {
    return cubes.inGroup(group).stream()
        .filter(cube -> cube.status().phase() != CubePhase.TERMINATING)
        .filter(cube -> pods.get(cube.podUid()).isEmpty())
        .toList();
  }

  private void delete(ObservedCube cube) {
    boolean releaseEip = EipRelease.requestedFor(cube);
    try {
      cloud.delete(cube.cubeId(), releaseEip);
    } catch (CloudFailure.NotFound e) {
      // already gone
    }
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedDelaySchedule(
        interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected String serviceName() {
    return "orphan collector";
  }
}
