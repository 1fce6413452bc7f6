package io.cubevk.app.wiring;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.CubeExtendInfo;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIp;
import io.cubevk.ports.out.cloud.ElasticIps;
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
import java.util.function.Supplier;

/**
 * Counts and times every call to the cloud ports, by port method ({@code create}, {@code list},
 * {@code allocate_eip} …) and outcome ({@code ok} or the failure's kind: {@code unavailable},
 * {@code throttled}, {@code rejected} …). Streams are timed until they are open, not while they
 * run.
 */
final class MeteredCloud implements CubeCloud, ElasticIps, Disks {

  private final CubeCloud cloud;
  private final ElasticIps elasticIps;
  private final Disks disks;
  private final CloudCallMetrics metrics;

  MeteredCloud(CubeCloud cloud, ElasticIps elasticIps, Disks disks, CloudCallMetrics metrics) {
    this.cloud = cloud;
    this.elasticIps = elasticIps;
    this.disks = disks;
    this.metrics = metrics;
  }

  /** Where the decorator reports. */
  interface CloudCallMetrics {
    void called(String action, String outcome, long nanos);
  }

  private <T> T timed(String action, Supplier<T> call) {
    long started = System.nanoTime();
    String outcome = "ok";
    try {
      return call.get();
    } catch (CloudFailure e) {
      outcome = outcome(e);
      throw e;
    } catch (RuntimeException e) {
      outcome = "error";
      throw e;
    } finally {
      metrics.called(action, outcome, System.nanoTime() - started);
    }
  }

  private void timed(String action, Runnable call) {
    timed(
        action,
        () -> {
          call.run();
          return null;
        });
  }

  /** The failure's kind as a label value: {@code OutcomeUnknown} → {@code outcome_unknown}. */
  static String outcome(CloudFailure failure) {
    return failure
        .getClass()
        .getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public CubeId create(CubeSpec spec, CubeOptions options, Placement placement) {
    return timed("create", () -> cloud.create(spec, options, placement));
  }

  @Override
  public void delete(CubeId id, boolean releaseEip) {
    timed("delete", () -> cloud.delete(id, releaseEip));
  }

  @Override
  public Optional<ObservedCube> get(CubeId id) {
    return timed("get", () -> cloud.get(id));
  }

  @Override
  public Optional<ObservedCube> findByPodUid(PodUid uid) {
    return timed("find_by_pod_uid", () -> cloud.findByPodUid(uid));
  }

  @Override
  public List<ObservedCube> list(String group) {
    return timed("list", () -> cloud.list(group));
  }

  @Override
  public ObservedCube renew(CubeId id, CubeSpec spec) {
    return timed("renew", () -> cloud.renew(id, spec));
  }

  @Override
  public void reboot(CubeId id) {
    timed("reboot", () -> cloud.reboot(id));
  }

  @Override
  public List<CubeExtendInfo> extendInfo(Collection<CubeId> ids) {
    return timed("extend_info", () -> cloud.extendInfo(ids));
  }

  @Override
  public Set<CloudCapability> capabilities() {
    return cloud.capabilities(); // a property of the adapter, not a call
  }

  @Override
  public StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink) {
    return timed("logs", () -> cloud.logs(id, container, options, sink));
  }

  @Override
  public ExecSession exec(CubeId id, ExecRequest request, ExecOutput output) {
    return timed("exec", () -> cloud.exec(id, request, output));
  }

  @Override
  public ExecSession attach(CubeId id, ExecRequest request, ExecOutput output) {
    return timed("attach", () -> cloud.attach(id, request, output));
  }

  @Override
  public PortForwardSession portForward(CubeId id, int port, ByteSink fromCube) {
    return timed("port_forward", () -> cloud.portForward(id, port, fromCube));
  }

  @Override
  public List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to) {
    return timed("metrics", () -> cloud.metrics(id, container, from, to));
  }

  @Override
  public ElasticIp allocate(EipOptions options) {
    return timed("allocate_eip", () -> elasticIps.allocate(options));
  }

  @Override
  public void bind(String eipId, CubeId cube) {
    timed("bind_eip", () -> elasticIps.bind(eipId, cube));
  }

  @Override
  public void unbind(String eipId, CubeId cube) {
    timed("unbind_eip", () -> elasticIps.unbind(eipId, cube));
  }

  @Override
  public void release(String eipId) {
    timed("release_eip", () -> elasticIps.release(eipId));
  }

  @Override
  public void grantFirewall(String firewallId, CubeId cube) {
    timed("grant_firewall", () -> elasticIps.grantFirewall(firewallId, cube));
  }

  @Override
  public void delete(String diskId) {
    timed("delete_disk", () -> disks.delete(diskId));
  }
}
