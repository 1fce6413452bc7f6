package io.cubevk.adapter.fake.cloud;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory Cube cloud implementing the cloud out-ports ({@link CubeCloud}, {@link ElasticIps},
 * {@link Disks}) with a realistic lifecycle, container behaviours read from their commands, logs,
 * exec, attach, port-forward and metrics, and programmable {@link Faults}. Thread-safe and
 * deterministic for a given seed, clock and call order. See docs/fake-cloud.md.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.atDefaultStart();
 * FakeCubeCloud cloud = FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(1)).build();
 * CubeId id = cloud.create(spec, CubeOptions.defaults(), placement);
 * clock.advance(Duration.ofSeconds(1));              // ContainerCreating → Running
 * cloud.faults().add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD));
 * }</pre>
 *
 * <p>Besides the ports: {@link #faults()}, {@link #callLog()}, {@link #diskInventory()}, {@link
 * #api()} (the UCloud-shaped view the emulator serves), {@link #cubes()} (inspection), {@link
 * #close()} (stops the stream thread).
 */
public final class FakeCubeCloud implements CubeCloud, ElasticIps, Disks, AutoCloseable {

  private final Clock clock;
  private final Set<CloudCapability> capabilities;
  private final Faults faults;
  private final CallLog callLog;
  private final FakeCloudApi api;
  private final StreamHub hub;

  private FakeCubeCloud(Builder b) {
    this.clock = b.clock;
    this.capabilities = Set.copyOf(b.capabilities);
    this.faults = new Faults(b.clock, b.seed);
    this.callLog = new CallLog(b.callLogCapacity);
    this.api =
        new FakeCloudApi(
            b.clock, b.seed, b.createDelay, b.deleteDelay, b.logLines, faults, callLog);
    this.hub = new StreamHub(b.clock, b.streamPollInterval);
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- CubeCloud

  @Override
  public CubeId create(CubeSpec spec, CubeOptions options, Placement placement) {
    return port(
            CloudAction.CREATE_CUBE_POD,
            () -> api.observeCreate(spec, options, placement, Optional.empty()))
        .cubeId();
  }

  @Override
  public void delete(CubeId id, boolean releaseEip) {
    port(
        CloudAction.DELETE_CUBE_POD,
        () -> {
          api.deleteCube(id, releaseEip);
          return null;
        });
  }

  @Override
  public Optional<ObservedCube> get(CubeId id) {
    return absentIfNotFound(CloudAction.GET_CUBE_POD, () -> api.observe(id));
  }

  @Override
  public Optional<ObservedCube> findByPodUid(PodUid uid) {
    return absentIfNotFound(CloudAction.GET_CUBE_POD, () -> api.observeByUid(uid));
  }

  @Override
  public List<ObservedCube> list(String group) {
    return port(CloudAction.LIST_CUBE_POD, () -> api.observeGroup(group));
  }

  @Override
  public ObservedCube renew(CubeId id, CubeSpec spec) {
    return port(CloudAction.RENEW_CUBE_POD, () -> api.observeRenew(id, spec));
  }

  @Override
  public void reboot(CubeId id) {
    port(
        CloudAction.REBOOT_CUBE_POD,
        () -> {
          api.rebootCube(id);
          return null;
        });
  }

  @Override
  public List<CubeExtendInfo> extendInfo(Collection<CubeId> ids) {
    return port(
        CloudAction.GET_CUBE_EXTEND_INFO,
        () ->
            api.extendInfo(ids).stream()
                .map(
                    i ->
                        new CubeExtendInfo(
                            i.cubeId(),
                            i.name(),
                            i.tag(),
                            i.expiration(),
                            i.eips().stream()
                                .map(e -> new ElasticIp(e.id(), e.address()))
                                .toList()))
                .toList());
  }

  @Override
  public Set<CloudCapability> capabilities() {
    return capabilities.isEmpty() ? Set.of() : EnumSet.copyOf(capabilities);
  }

  @Override
  public StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink) {
    require(CloudCapability.LOGS);
    return stream(
        CloudAction.CONTAINER_LOGS,
        id,
        "Container=" + container,
        e -> LogStream.open(hub, e, container, options, sink, clock.instant()));
  }

  @Override
  public ExecSession exec(CubeId id, ExecRequest request, ExecOutput output) {
    require(CloudCapability.EXEC);
    return stream(
        CloudAction.CONTAINER_EXEC,
        id,
        "Container=" + request.container(),
        e -> ExecStream.start(hub, clock, e, request, output));
  }

  @Override
  public ExecSession attach(CubeId id, ExecRequest request, ExecOutput output) {
    require(CloudCapability.ATTACH);
    return stream(
        CloudAction.CONTAINER_ATTACH,
        id,
        "Container=" + request.container(),
        e -> AttachStream.start(hub, clock, e, request, output));
  }

  @Override
  public PortForwardSession portForward(CubeId id, int port, ByteSink fromCube) {
    require(CloudCapability.PORT_FORWARD);
    return stream(
        CloudAction.PORT_FORWARD,
        id,
        "Port=" + port,
        e -> PortForwardStream.open(hub, clock, e, port, fromCube));
  }

  @Override
  public List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to) {
    require(CloudCapability.METRICS);
    return port(CloudAction.GET_CUBE_METRICS, () -> api.metrics(id, container, from, to)).samples();
  }

  // ---------------------------------------------------------------- ElasticIps

  /** Allocates on the {@code Bgp} line with the options' billing settings. */
  @Override
  public ElasticIp allocate(EipOptions options) {
    FakeEip eip =
        port(
            CloudAction.ALLOCATE_EIP,
            () ->
                api.allocateEip(
                    new EipRequest(
                        "Bgp",
                        options.bandwidth(),
                        options.payMode().apiWord(),
                        options.chargeType().apiWord(),
                        options.quantity(),
                        options.shareBandwidthId())));
    return new ElasticIp(eip.id(), eip.address());
  }

  @Override
  public void bind(String eipId, CubeId cube) {
    port(
        CloudAction.BIND_EIP,
        () -> {
          api.bindEip(eipId, cube);
          return null;
        });
  }

  @Override
  public void unbind(String eipId, CubeId cube) {
    port(
        CloudAction.UNBIND_EIP,
        () -> {
          api.unbindEip(eipId, cube);
          return null;
        });
  }

  @Override
  public void release(String eipId) {
    port(
        CloudAction.RELEASE_EIP,
        () -> {
          api.releaseEip(eipId);
          return null;
        });
  }

  @Override
  public void grantFirewall(String firewallId, CubeId cube) {
    port(
        CloudAction.GRANT_FIREWALL,
        () -> {
          api.grantFirewall(firewallId, cube);
          return null;
        });
  }

  // ---------------------------------------------------------------- Disks

  /** Deletes a disk, detaching it first if it is still attached. */
  @Override
  public void delete(String diskId) {
    port(
        CloudAction.DELETE_UDISK,
        () -> {
          api.deleteDiskDetachingFirst(diskId);
          return null;
        });
  }

  // ---------------------------------------------------------------- the fake's own surface

  /** The programmable faults; they apply to the ports and to the emulator alike. */
  public Faults faults() {
    return faults;
  }

  /** Every call served (or refused), with its outcome. */
  public CallLog callLog() {
    return callLog;
  }

  /** The UDisks of the account; the sandbox creates disks here for its PersistentVolumes. */
  public DiskInventory diskInventory() {
    return api.disks();
  }

  /** The cloud in the UCloud API's terms, which the emulator serves over HTTP. */
  public FakeCloudApi api() {
    return api;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Every Cube of the account as it is now (inspection for tests and invariants such as "no two
   * Cubes for one pod uid"; not a cloud call: no faults apply and nothing is logged).
   */
  public List<ObservedCube> cubes() {
    return api.snapshot();
  }

  /** How many streams (follows, sessions, connections) are open. */
  public int openStreams() {
    return hub.openStreams();
  }

  /** Stops the stream thread; open streams stop delivering. */
  @Override
  public void close() {
    hub.close();
  }

  // ---------------------------------------------------------------- internals

  private void require(CloudCapability capability) {
    if (!capabilities.contains(capability)) {
      throw new CloudFailure.Unsupported(
          capability,
          "this fake cloud is configured without "
              + capability
              + " (capabilities: "
              + capabilities()
              + ")");
    }
  }

  private <T> T stream(CloudAction action, CubeId id, String args, Function<CubeEntry, T> open) {
    return port(
        action,
        () ->
            api.gate()
                .call(
                    action,
                    "CubeId=" + id + " " + args,
                    api.entry(id).map(e -> e.podUid),
                    () ->
                        open.apply(
                            api.entry(id)
                                .orElseThrow(
                                    () -> ApiError.notFound("Cube " + id + " not found")))));
  }

  private <T> Optional<T> absentIfNotFound(CloudAction action, Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (ApiError e) {
      if (e.kind() == ApiError.Kind.REFUSED && e.retCode() == RetCodes.RESOURCE_NOT_FOUND) {
        return Optional.empty();
      }
      throw failure(action, e);
    }
  }

  private static <T> T port(CloudAction action, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiError e) {
      throw failure(action, e);
    }
  }

  private static CloudFailure failure(CloudAction action, ApiError e) {
    return switch (e.kind()) {
      case REFUSED -> RetCodes.toFailure(action, e.retCode(), e.getMessage());
      case OUTAGE -> new CloudFailure.Unavailable(e.getMessage());
      case ANSWER_LOST, TIMED_OUT ->
          action == CloudAction.CREATE_CUBE_POD
              ? new CloudFailure.OutcomeUnknown(e.getMessage(), null)
              : new CloudFailure.Unavailable(e.getMessage());
    };
  }

  /** Builds a fake cloud; every setting has a default suited to tests. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private long seed;
    private Duration createDelay = Duration.ofSeconds(1);
    private Duration deleteDelay = Duration.ZERO;
    private Set<CloudCapability> capabilities = EnumSet.allOf(CloudCapability.class);
    private int logLines = 1000;
    private int callLogCapacity = 100_000;
    private Duration streamPollInterval = Duration.ofMillis(100);

    private Builder() {}

    /** The cloud's clock (default: the system's, UTC); a {@link ManualClock} for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Seeds ids, fault probabilities and metrics (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How long a new Cube shows ContainerCreating (default 1 s; 0 for benchmarks). */
    public Builder createDelay(Duration delay) {
      this.createDelay = nonNegative("createDelay", delay);
      return this;
    }

    /** How long a deleted Cube shows Terminating before it is gone (default 0: at once). */
    public Builder deleteDelay(Duration delay) {
      this.deleteDelay = nonNegative("deleteDelay", delay);
      return this;
    }

    /** The optional features offered (default: all); the others fail {@code Unsupported}. */
    public Builder capabilities(Set<CloudCapability> capabilities) {
      this.capabilities =
          capabilities.isEmpty()
              ? EnumSet.noneOf(CloudCapability.class)
              : EnumSet.copyOf(capabilities);
      return this;
    }

    /** Lines kept per container run (default 1000), like a rotated log file. */
    public Builder logLinesPerContainer(int lines) {
      if (lines < 1) {
        throw new IllegalArgumentException("logLinesPerContainer: needs 1 or more, got " + lines);
      }
      this.logLines = lines;
      return this;
    }

    /** Calls kept in full by the call log (default 100,000; counters are unbounded). */
    public Builder callLogCapacity(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("callLogCapacity: needs 1 or more, got " + calls);
      }
      this.callLogCapacity = calls;
      return this;
    }

    /**
     * How often open streams look for news in real time (default 100 ms); with a {@link
     * ManualClock} they also look as soon as it moves.
     */
    public Builder streamPollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("streamPollInterval: must be positive: " + interval);
      }
      this.streamPollInterval = interval;
      return this;
    }

    public FakeCubeCloud build() {
      return new FakeCubeCloud(this);
    }

    private static Duration nonNegative(String what, Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + ": cannot be negative: " + d);
      }
      return d;
    }
  }
}
