package io.cubevk.app.engine.pod;

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
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cloud in front of another that records what the engine's stream and stats use cases do with it:
 * metrics calls attempted (even those the cloud refuses) and flow-control hints given to the log
 * streams it opened.
 */
final class RecordingCloud implements CubeCloud {

  final AtomicInteger metricsCalls = new AtomicInteger();
  final List<String> hints = new CopyOnWriteArrayList<>();
  private final CubeCloud delegate;

  RecordingCloud(CubeCloud delegate) {
    this.delegate = delegate;
  }

  @Override
  public CubeId create(CubeSpec spec, CubeOptions options, Placement placement) {
    return delegate.create(spec, options, placement);
  }

  @Override
  public void delete(CubeId id, boolean releaseEip) {
    delegate.delete(id, releaseEip);
  }

  @Override
  public Optional<ObservedCube> get(CubeId id) {
    return delegate.get(id);
  }

  @Override
  public Optional<ObservedCube> findByPodUid(PodUid uid) {
    return delegate.findByPodUid(uid);
  }

  @Override
  public List<ObservedCube> list(String group) {
    return delegate.list(group);
  }

  @Override
  public ObservedCube renew(CubeId id, CubeSpec spec) {
    return delegate.renew(id, spec);
  }

  @Override
  public void reboot(CubeId id) {
    delegate.reboot(id);
  }

  @Override
  public List<CubeExtendInfo> extendInfo(Collection<CubeId> ids) {
    return delegate.extendInfo(ids);
  }

  @Override
  public Set<CloudCapability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink) {
    StreamHandle handle = delegate.logs(id, container, options, sink);
    return new StreamHandle() {
      @Override
      public void close() {
        hints.add("close");
        handle.close();
      }

      @Override
      public void pause() {
        hints.add("pause");
        handle.pause();
      }

      @Override
      public void resume() {
        hints.add("resume");
        handle.resume();
      }
    };
  }

  @Override
  public ExecSession exec(CubeId id, ExecRequest request, ExecOutput output) {
    return delegate.exec(id, request, output);
  }

  @Override
  public ExecSession attach(CubeId id, ExecRequest request, ExecOutput output) {
    return delegate.attach(id, request, output);
  }

  @Override
  public PortForwardSession portForward(CubeId id, int port, ByteSink fromCube) {
    return delegate.portForward(id, port, fromCube);
  }

  @Override
  public List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to) {
    metricsCalls.incrementAndGet();
    return delegate.metrics(id, container, from, to);
  }
}
