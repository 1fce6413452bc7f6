package io.cubevk.app.engine.pod;

import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.app.engine.node.NodeDrain;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cluster.InputsLookup;
import io.cubevk.ports.out.cluster.PodCache;
import io.cubevk.ports.out.cluster.PodRemover;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl delete node}: every Cube of the node deleted (EIPs released as their pods asked),
 * the UDisks they mounted deleted once the Cubes are gone (the seed's "attached UDisk will be
 * deleted by default") unless their PersistentVolume's reclaim policy is Retain, then every pod of
 * the node removed. Each call makes progress and reports what is left; the node controller calls
 * again until nothing is.
 */
final class CubeNodeDrain implements NodeDrain {

  private static final Logger log = LoggerFactory.getLogger(CubeNodeDrain.class);

  private final CubeCache cubes;
  private final CubeCloud cloud;
  private final Disks disks;
  private final PodCache pods;
  private final PodRemover remover;
  private final InputsLookup volumes;
  private final Set<String> disksToDelete = ConcurrentHashMap.newKeySet();

  CubeNodeDrain(
      CubeCache cubes,
      CubeCloud cloud,
      Disks disks,
      PodCache pods,
      PodRemover remover,
      InputsLookup volumes) {
    this.cubes = cubes;
    this.cloud = cloud;
    this.disks = disks;
    this.pods = pods;
    this.remover = remover;
    this.volumes = volumes;
  }

  @Override
  public void drain(VirtualNode node) {
    String group = node.name();
    cubes.refresh(group);
    List<ObservedCube> left = cubes.inGroup(group);
    for (ObservedCube cube : left) {
      cube.spec().volumes().stream()
          .filter(CubeVolume.UDisk.class::isInstance)
          .map(v -> ((CubeVolume.UDisk) v).id())
          .forEach(disksToDelete::add);
      if (cube.status().phase() != CubePhase.TERMINATING) {
        deleteCube(group, cube);
      }
    }
    if (!left.isEmpty()) {
      throw new IllegalStateException(
          left.size() + " Cube(s) of node " + group + " are still being deleted");
    }
    for (String disk : List.copyOf(disksToDelete)) {
      // Asked now, not when the Cube was made: an administrator may have switched the volume to
      // Retain since, which is how a disk is usually kept.
      Optional<PersistentVolumeFacts> volume =
          volumes.persistentVolume(PersistentVolumeFacts.UDISK_CSI_DRIVER, disk);
      if (volume.filter(PersistentVolumeFacts::retained).isPresent()) {
        log.info(
            "kept UDisk {} of deleted node {}: PersistentVolume {} has reclaim policy Retain",
            disk,
            group,
            volume.get().name());
        disksToDelete.remove(disk);
        continue;
      }
      try {
        disks.delete(disk);
        log.info("deleted UDisk {} of deleted node {}", disk, group);
      } catch (CloudFailure.NotFound e) {
        // already gone
      }
      disksToDelete.remove(disk);
    }
    List<PodView> podsLeft = pods.podsOn(group);
    for (PodView pod : podsLeft) {
      remover.deleteNow(pod.namespace(), pod.name(), pod.uid());
    }
    if (!podsLeft.isEmpty()) {
      throw new IllegalStateException(
          podsLeft.size() + " pod(s) of node " + group + " are still being removed");
    }
  }

  private void deleteCube(String group, ObservedCube cube) {
    boolean releaseEip = EipRelease.requestedFor(cube);
    try {
      cloud.delete(cube.cubeId(), releaseEip);
      cubes.deleting(group, cube.podUid(), cube.cubeId());
    } catch (CloudFailure.NotFound e) {
      cubes.gone(group, cube.podUid());
    }
  }
}
