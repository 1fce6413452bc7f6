package io.cubevk.app.engine.cube;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.CubeExtendInfo;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.cubevk.ports.out.cloud.StreamHandle;
import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cloud whose Cubes the test sets directly, counting list and get calls; a hook runs inside
 * {@link #list} to reproduce races with a list in flight.
 */
final class ScriptedCubeCloud implements CubeCloud {

  final Map<CubeId, ObservedCube> cubes = new ConcurrentHashMap<>();
  final Map<CubeId, String> groups = new ConcurrentHashMap<>();
  final AtomicInteger lists = new AtomicInteger();
  final AtomicInteger gets = new AtomicInteger();
  volatile Runnable duringList = () -> {};

  void put(String group, ObservedCube cube) {
    cubes.put(cube.cubeId(), cube);
    groups.put(cube.cubeId(), group);
  }

  void remove(CubeId id) {
    cubes.remove(id);
    groups.remove(id);
  }

  @Override
  public List<ObservedCube> list(String group) {
    lists.incrementAndGet();
    List<ObservedCube> snapshot = new ArrayList<>();
    cubes.forEach(
        (id, cube) -> {
          if (group.equals(groups.get(id))) {
            snapshot.add(cube);
          }
        });
    duringList.run();
    return snapshot;
  }

  @Override
  public Optional<ObservedCube> get(CubeId id) {
    gets.incrementAndGet();
    return Optional.ofNullable(cubes.get(id));
  }

  @Override
  public Optional<ObservedCube> findByPodUid(PodUid uid) {
    return cubes.values().stream().filter(c -> c.podUid().equals(uid)).findFirst();
  }

  @Override
  public CubeId create(CubeSpec spec, CubeOptions options, Placement placement) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public void delete(CubeId id, boolean releaseEip) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public ObservedCube renew(CubeId id, CubeSpec spec) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public void reboot(CubeId id) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public List<CubeExtendInfo> extendInfo(Collection<CubeId> ids) {
    return List.of();
  }

  @Override
  public Set<CloudCapability> capabilities() {
    return Set.of();
  }

  @Override
  public StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public ExecSession exec(CubeId id, ExecRequest request, ExecOutput output) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public ExecSession attach(CubeId id, ExecRequest request, ExecOutput output) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public PortForwardSession portForward(CubeId id, int port, ByteSink fromCube) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to) {
    return List.of();
  }
}
