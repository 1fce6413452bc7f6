package io.cubevk.adapter.ucloud;

import com.google.common.base.Ticker;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeDocument;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;

/**
 * The cloud out-ports over the real UCloud API: {@link CubeCloud} (Cube actions), {@link
 * ElasticIps} (UNet's EIP actions) and {@link Disks} (the UDisk API), one signed form POST per
 * action with retries, a client-side rate limit and a deadline per call. Build one with {@link
 * #builder()}; it is thread-safe and meant to be shared.
 *
 * <p>What the Cube API cannot do, this adapter does not pretend to: logs, attach and port-forward
 * fail with {@link CloudFailure.Unsupported} naming the missing API, and so does exec unless the
 * user opted into the unofficial web terminal ({@link Builder#terminalExec(boolean)}). {@link
 * #capabilities()} says so in advance.
 *
 * <p>Failures follow the port's contract: a create (or an EIP allocation) is never sent again once
 * the cloud may have acted on it ({@link CloudFailure.OutcomeUnknown}); a missing Cube, EIP or disk
 * is {@link CloudFailure.NotFound} (get and findByPodUid answer empty instead); messages name the
 * action and the resource, never a credential.
 */
public final class UCloudCubeCloud implements CubeCloud, ElasticIps, Disks {

  private final UCloudTransport transport;
  private final CubeTerminalExec terminal; // null unless the user opted in
  private final Sleeper sleeper;
  private final Ticker ticker;
  private final UCloudRetryPolicy policy;

  private UCloudCubeCloud(
      UCloudTransport transport,
      CubeTerminalExec terminal,
      Sleeper sleeper,
      Ticker ticker,
      UCloudRetryPolicy policy) {
    this.transport = transport;
    this.terminal = terminal;
    this.sleeper = sleeper;
    this.ticker = ticker;
    this.policy = policy;
  }

  /** A builder; credentials and endpoint are required, everything else has a default. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------- CubeCloud

  @Override
  public CubeId create(CubeSpec spec, CubeOptions options, Placement placement) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("Zone", placement.zone());
    params.put("VPCId", placement.vpcId());
    params.put("SubnetId", placement.subnetId());
    params.put("Group", placement.group());
    params.put("Name", spec.name());
    params.put("Tag", options.tag());
    params.put("ChargeType", options.chargeType().apiWord());
    params.put("Quantity", options.quantity());
    params.put("Pod", CubeMapper.encode(spec));
    UCloudWire.CubePod answer =
        transport.call(UCloudAction.CREATE_CUBE_POD, params, UCloudApi::cubePod);
    if (answer.cubeId() == null || answer.cubeId().isBlank()) {
      // RetCode 0: a Cube exists, but which one is not said; the engine finds it by pod uid.
      throw new CloudFailure.OutcomeUnknown(
          "CreateCubePod answered RetCode 0 without a CubeId; look for the Cube of pod "
              + spec.podUid()
              + " before creating again",
          null);
    }
    return CubeId.of(answer.cubeId());
  }

  @Override
  public void delete(CubeId id, boolean releaseEip) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("CubeId", id.value());
    params.put("ReleaseEIP", releaseEip);
    transport.call(UCloudAction.DELETE_CUBE_POD, params, UCloudApi::plain);
  }

  @Override
  public Optional<ObservedCube> get(CubeId id) {
    return getCubePod(Map.of("CubeId", id.value()), Optional.of(id), "CubeId=" + id);
  }

  @Override
  public Optional<ObservedCube> findByPodUid(PodUid uid) {
    Optional<ObservedCube> found =
        getCubePod(Map.of("Uid", uid.value()), Optional.empty(), "Uid=" + uid);
    if (found.isPresent() && !found.get().podUid().equals(uid)) {
      throw new CloudFailure.Unavailable(
          "GetCubePod Uid="
              + uid
              + " answered Cube "
              + found.get().cubeId()
              + " of pod "
              + found.get().podUid()
              + "; accepted is the Cube whose metadata.uid is "
              + uid);
    }
    return found;
  }

  private Optional<ObservedCube> getCubePod(
      Map<String, Object> params, Optional<CubeId> knownId, String subject) {
    UCloudWire.CubePod answer;
    try {
      answer = transport.call(UCloudAction.GET_CUBE_POD, params, UCloudApi::cubePod);
    } catch (CloudFailure.NotFound e) {
      return Optional.empty();
    }
    String where = "GetCubePod " + subject + ": field Pod";
    CubeDocument stored = CubeMapper.decode(answer.pod(), where);
    Optional<CubeId> id =
        knownId.or(
            () -> Optional.ofNullable(answer.cubeId()).filter(s -> !s.isBlank()).map(CubeId::of));
    return Optional.of(CubeMapper.observed(stored, id, where));
  }

  /**
   * Pages ListCubePod (Limit 100) until TotalCount. Cubes may come and go while it pages: a Cube
   * created meanwhile shifts others to a later page (seen twice: deduplicated by id), a Cube
   * deleted meanwhile shifts others to an earlier page (possibly missed). A pass during which
   * TotalCount changed, or that saw fewer distinct Cubes than TotalCount, is therefore followed by
   * another (at most {@link CubeApiAssumptions#LIST_MAX_PASSES}), and the passes are merged: a Cube
   * deleted during the listing may be reported once more, a Cube that existed throughout is never
   * left out. (Leaving one out would make the engine create it again.)
   */
  @Override
  public List<ObservedCube> list(String group) {
    Map<CubeId, ObservedCube> merged = new LinkedHashMap<>();
    for (int pass = 1; pass <= CubeApiAssumptions.LIST_MAX_PASSES; pass++) {
      if (listPass(group, merged)) {
        break;
      }
    }
    return List.copyOf(merged.values());
  }

  /** One pass over all pages, into {@code merged}; true when the pass saw a stable list. */
  private boolean listPass(String group, Map<CubeId, ObservedCube> merged) {
    int limit = CubeApiAssumptions.LIST_PAGE_LIMIT;
    Set<Integer> totals = new HashSet<>();
    Set<CubeId> seen = new HashSet<>();
    int offset = 0;
    int pages = 0;
    while (true) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("Group", group);
      params.put("Offset", offset);
      params.put("Limit", limit);
      UCloudWire.CubePodPage page =
          transport.call(UCloudAction.LIST_CUBE_POD, params, UCloudApi::cubePodPage);
      pages++;
      if (page.totalCount() == null) {
        throw new CloudFailure.Unavailable(
            "ListCubePod Group=" + group + " Offset=" + offset + ": TotalCount is missing");
      }
      int total = page.totalCount();
      totals.add(total);
      List<String> pods = ExtendInfoMapper.nullToEmpty(page.pods());
      for (int i = 0; i < pods.size(); i++) {
        String where =
            "ListCubePod Group=" + group + " Offset=" + offset + ": field Pods[" + i + "]";
        ObservedCube cube =
            CubeMapper.observed(CubeMapper.decode(pods.get(i), where), Optional.empty(), where);
        seen.add(cube.cubeId());
        merged.put(cube.cubeId(), cube);
      }
      offset += pods.size();
      // A page of nothing ends the pass even if TotalCount promised more; so does a server that
      // keeps answering pages beyond any sensible count.
      if (pods.isEmpty() || offset >= total || pages > total / limit + 10) {
        return totals.size() == 1 && seen.size() == total;
      }
    }
  }

  @Override
  public ObservedCube renew(CubeId id, CubeSpec spec) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("CubeId", id.value());
    params.put("Pod", CubeMapper.encode(spec));
    UCloudWire.CubePod answer =
        transport.call(UCloudAction.RENEW_CUBE_POD, params, UCloudApi::cubePod);
    if (answer.pod() == null || answer.pod().isBlank()) {
      // Not every answer may carry the stored document; read it back then.
      return get(id)
          .orElseThrow(
              () -> new CloudFailure.NotFound("RenewCubePod CubeId=" + id + ": Cube vanished"));
    }
    String where = "RenewCubePod CubeId=" + id + ": field Pod";
    return CubeMapper.observed(CubeMapper.decode(answer.pod(), where), Optional.of(id), where);
  }

  @Override
  public void reboot(CubeId id) {
    transport.call(UCloudAction.REBOOT_CUBE_POD, Map.of("CubeId", id.value()), UCloudApi::plain);
  }

  @Override
  public List<CubeExtendInfo> extendInfo(Collection<CubeId> ids) {
    List<String> distinct = ids.stream().map(CubeId::value).distinct().toList();
    List<CubeExtendInfo> result = new ArrayList<>();
    int batch = CubeApiAssumptions.EXTEND_INFO_IDS_PER_CALL;
    for (int from = 0; from < distinct.size(); from += batch) {
      String cubeIds =
          String.join(",", distinct.subList(from, Math.min(distinct.size(), from + batch)));
      UCloudWire.ExtendInfoList answer =
          transport.call(
              UCloudAction.GET_CUBE_EXTEND_INFO, Map.of("CubeIds", cubeIds), UCloudApi::extendInfo);
      result.addAll(ExtendInfoMapper.extendInfo(answer));
    }
    return result;
  }

  @Override
  public Set<CloudCapability> capabilities() {
    Set<CloudCapability> capabilities = EnumSet.of(CloudCapability.METRICS);
    if (terminal != null) {
      capabilities.add(CloudCapability.EXEC);
    }
    return Set.copyOf(capabilities);
  }

  @Override
  public StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink) {
    throw new CloudFailure.Unsupported(
        CloudCapability.LOGS,
        "logs of Cube "
            + id
            + " container "
            + container
            + ": the Cube API has no action that returns container logs, so the UCloud adapter"
            + " cannot serve them");
  }

  @Override
  public ExecSession exec(CubeId id, ExecRequest request, ExecOutput output) {
    if (terminal == null) {
      throw new CloudFailure.Unsupported(
          CloudCapability.EXEC,
          "exec in Cube "
              + id
              + " container "
              + request.container()
              + ": the Cube API has no exec action; GetCubeExecToken only returns a web terminal"
              + " URL whose protocol is not public (opt in to try it: --ucloud-terminal-exec)");
    }
    return terminal.open(id, request, output);
  }

  @Override
  public ExecSession attach(CubeId id, ExecRequest request, ExecOutput output) {
    throw new CloudFailure.Unsupported(
        CloudCapability.ATTACH,
        "attach to Cube "
            + id
            + " container "
            + request.container()
            + ": the Cube API has no action that attaches to a container's main process");
  }

  @Override
  public PortForwardSession portForward(CubeId id, int port, ByteSink fromCube) {
    throw new CloudFailure.Unsupported(
        CloudCapability.PORT_FORWARD,
        "port-forward to Cube "
            + id
            + " port "
            + port
            + ": the Cube API has no port-forward action; reach the Cube on its VPC address or"
            + " an EIP");
  }

  /**
   * Reads the container's CPU limit from the Cube document (GetCubePod), then GetCubeMetrics; the
   * metric names and units are assumptions ({@link CubeApiAssumptions#CPU_METRIC}).
   */
  @Override
  public List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to) {
    ObservedCube cube =
        get(id)
            .orElseThrow(
                () -> new CloudFailure.NotFound("GetCubeMetrics CubeId=" + id + ": no such Cube"));
    CubeContainer limits =
        Stream.concat(cube.spec().containers().stream(), cube.spec().initContainers().stream())
            .filter(c -> c.name().equals(container))
            .findFirst()
            .orElseThrow(
                () ->
                    new CloudFailure.NotFound(
                        "GetCubeMetrics CubeId="
                            + id
                            + ": no container "
                            + container
                            + "; the Cube has "
                            + cube.spec().containers().stream()
                                .map(CubeContainer::name)
                                .collect(Collectors.joining(", "))));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("ResourceId", id.value());
    params.put(
        "MetricName", List.of(CubeApiAssumptions.CPU_METRIC, CubeApiAssumptions.MEMORY_METRIC));
    params.put("BeginTime", from.getEpochSecond());
    params.put("EndTime", to.getEpochSecond());
    params.put("ContainerName", container);
    UCloudWire.Metrics answer =
        transport.call(UCloudAction.GET_CUBE_METRICS, params, UCloudApi::metrics);
    return MetricsMapper.samples(answer, limits.limits().cpu(), from, to);
  }

  // --------------------------------------------------------------------------------- ElasticIps

  @Override
  public ElasticIp allocate(EipOptions options) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("OperatorName", CubeApiAssumptions.EIP_OPERATOR_NAME);
    params.put("Bandwidth", options.bandwidth());
    params.put("PayMode", options.payMode().apiWord());
    params.put("ChargeType", options.chargeType().apiWord());
    params.put("Quantity", options.quantity());
    options.shareBandwidthId().ifPresent(id -> params.put("ShareBandwidthId", id));
    UCloudWire.AllocatedEips answer =
        transport.call(UCloudAction.ALLOCATE_EIP, params, UCloudApi::allocatedEips);
    return ExtendInfoMapper.allocated(answer);
  }

  @Override
  public void bind(String eipId, CubeId cube) {
    transport.call(UCloudAction.BIND_EIP, eipOnCube(eipId, cube), UCloudApi::plain);
  }

  @Override
  public void unbind(String eipId, CubeId cube) {
    transport.call(UCloudAction.UNBIND_EIP, eipOnCube(eipId, cube), UCloudApi::plain);
  }

  @Override
  public void release(String eipId) {
    transport.call(UCloudAction.RELEASE_EIP, Map.of("EIPId", eipId), UCloudApi::plain);
  }

  @Override
  public void grantFirewall(String firewallId, CubeId cube) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("FWId", firewallId);
    params.put("ResourceType", CUBE_RESOURCE_TYPE);
    params.put("ResourceId", cube.value());
    transport.call(UCloudAction.GRANT_FIREWALL, params, UCloudApi::plain);
  }

  /** UNet's ResourceType for a Cube (cube-api.md). */
  private static final String CUBE_RESOURCE_TYPE = "cube";

  private static Map<String, Object> eipOnCube(String eipId, CubeId cube) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("EIPId", eipId);
    params.put("ResourceType", CUBE_RESOURCE_TYPE);
    params.put("ResourceId", cube.value());
    return params;
  }

  // -------------------------------------------------------------------------------------- Disks

  /**
   * DescribeUDisk; DetachUDisk from its Cube if attached, then waits (with the retry policy's
   * backoff, within its call deadline) until it is detached; DeleteUDisk.
   */
  @Override
  public void delete(String diskId) {
    long deadline = ticker.read() + policy.callDeadline().toNanos();
    boolean detachSent = false;
    int waits = 0;
    while (true) {
      UCloudWire.UDisk disk = describeDisk(diskId);
      String status = Objects.requireNonNullElse(disk.status(), "");
      boolean attached = CubeApiAssumptions.UDISK_ATTACHED_STATUSES.contains(status);
      if (attached && !detachSent) {
        if (disk.uHostId() == null || disk.uHostId().isBlank()) {
          throw new CloudFailure.Unavailable(
              "DescribeUDisk UDiskId="
                  + diskId
                  + ": disk is "
                  + status
                  + " but UHostId is missing");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("UDiskId", diskId);
        params.put("UHostId", disk.uHostId());
        transport.call(UCloudAction.DETACH_UDISK, params, UCloudApi::plain);
        detachSent = true;
        continue;
      }
      if (!attached && !CubeApiAssumptions.UDISK_DETACHING_STATUS.equals(status)) {
        break;
      }
      Duration wait = policy.backoffCeiling(++waits);
      if (ticker.read() + wait.toNanos() >= deadline) {
        throw new CloudFailure.Unavailable(
            "DeleteUDisk UDiskId="
                + diskId
                + ": the disk is still "
                + status
                + " after "
                + policy.callDeadline().toMillis()
                + " ms of waiting for DetachUDisk; try again later");
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudFailure.Unavailable(
            "DeleteUDisk UDiskId=" + diskId + ": interrupted while waiting for the detach");
      }
    }
    transport.call(UCloudAction.DELETE_UDISK, Map.of("UDiskId", diskId), UCloudApi::plain);
  }

  private UCloudWire.UDisk describeDisk(String diskId) {
    UCloudWire.UDisks answer =
        transport.call(UCloudAction.DESCRIBE_UDISK, Map.of("UDiskId", diskId), UCloudApi::uDisks);
    return ExtendInfoMapper.nullToEmpty(answer.dataSet()).stream()
        .filter(d -> diskId.equals(d.uDiskId()))
        .findFirst()
        .orElseThrow(
            () -> new CloudFailure.NotFound("DescribeUDisk UDiskId=" + diskId + ": no such disk"));
  }

  @Override
  public String toString() {
    return "UCloudCubeCloud{" + transport.endpoint() + ", terminalExec=" + (terminal != null) + "}";
  }

  // ------------------------------------------------------------------------------------ Builder

  /**
   * Configures a {@link UCloudCubeCloud}.
   *
   * <pre>{@code
   * UCloudCubeCloud cloud = UCloudCubeCloud.builder()
   *     .credentials(UCloudCredentials.of(publicKey, privateKey))
   *     .endpoint(UCloudEndpoint.of("cn-bj2", "cn-bj2-05").withProjectId("org-xyz"))
   *     .rateLimit(20)
   *     .retryPolicy(UCloudRetryPolicy.defaults())
   *     .terminalExec(false)
   *     .build();
   * }</pre>
   */
  public static final class Builder {

    /** Default client-side rate: calls per second, retries included. */
    public static final double DEFAULT_CALLS_PER_SECOND = 20;

    /** Default limit of one answer's size: 100 stored documents with inline files fit. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    private UCloudCredentials credentials;
    private UCloudEndpoint endpoint;
    private UCloudRetryPolicy retryPolicy = UCloudRetryPolicy.defaults();
    private double callsPerSecond = DEFAULT_CALLS_PER_SECOND;
    private boolean terminalExec;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private OkHttpClient httpClient;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Ticker ticker = Ticker.systemTicker();
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
    private CallPermits permits;

    private Builder() {}

    public Builder credentials(UCloudCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    public Builder endpoint(UCloudEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public Builder retryPolicy(UCloudRetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /**
     * The client-side limit in calls per second (every attempt counts); {@code
     * Double.POSITIVE_INFINITY} for none.
     */
    public Builder rateLimit(double callsPerSecond) {
      if (!(callsPerSecond > 0)) {
        throw new IllegalArgumentException(
            "rateLimit must be a positive number of calls per second, was " + callsPerSecond);
      }
      this.callsPerSecond = callsPerSecond;
      return this;
    }

    /**
     * Whether exec goes through Cube's web terminal, whose protocol is not public (see {@code
     * CubeTerminalExec}); off by default, the CLI's {@code --ucloud-terminal-exec}.
     */
    public Builder terminalExec(boolean enabled) {
      this.terminalExec = enabled;
      return this;
    }

    /** The largest answer accepted; larger ones fail as Unavailable. */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + bytes);
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * An OkHttp client to derive from (proxy, TLS, connection pool). The adapter adds its own
     * settings: no transparent retries and no redirects (both could send a create twice), its
     * timeouts, and a network interceptor that tells sent requests from unsent ones.
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "httpClient");
      return this;
    }

    /** How the adapter waits between retries; tests pass one that does not really wait. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The monotonic time source of call deadlines. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The wall clock, for {@code Retry-After} given as an HTTP date. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Tests fix the jitter (a fraction in [0, 1]) to make delays predictable. */
    Builder jitter(DoubleSupplier jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Tests count permits instead of waiting for Guava's limiter. */
    Builder callPermits(CallPermits permits) {
      this.permits = permits;
      return this;
    }

    /**
     * The adapter.
     *
     * @throws IllegalStateException when credentials or endpoint are missing
     */
    public UCloudCubeCloud build() {
      if (credentials == null || endpoint == null) {
        throw new IllegalStateException(
            "UCloudCubeCloud needs "
                + (credentials == null
                    ? "credentials(UCloudCredentials.of(publicKey, privateKey))"
                    : "")
                + (credentials == null && endpoint == null ? " and " : "")
                + (endpoint == null ? "endpoint(UCloudEndpoint.of(region, zone))" : ""));
      }
      long attemptMillis = retryPolicy.attemptTimeout().toMillis();
      OkHttpClient base =
          httpClient != null
              ? httpClient
              : new OkHttpClient.Builder()
                  // Idle connections are dropped well before a load balancer would drop them:
                  // a request written into a connection the server already closed is a lost
                  // answer, and for a create that means OutcomeUnknown (no transparent retry).
                  .connectionPool(new ConnectionPool(5, 20, TimeUnit.SECONDS))
                  .build();
      OkHttpClient http =
          base.newBuilder()
              .retryOnConnectionFailure(false)
              .followRedirects(false)
              .followSslRedirects(false)
              .connectTimeout(Math.min(attemptMillis, 10_000), TimeUnit.MILLISECONDS)
              .readTimeout(attemptMillis, TimeUnit.MILLISECONDS)
              .writeTimeout(attemptMillis, TimeUnit.MILLISECONDS)
              .addNetworkInterceptor(new SendProgress.Marker())
              .build();
      UCloudApi api =
          new Retrofit.Builder()
              .baseUrl(endpoint.httpUrl())
              .client(http)
              .addConverterFactory(GuardedJsonConverterFactory.create(maxResponseBytes))
              .validateEagerly(true)
              .build()
              .create(UCloudApi.class);
      UCloudTransport transport =
          new UCloudTransport(
              api,
              credentials,
              endpoint,
              retryPolicy,
              permits != null ? permits : CallPermits.perSecond(callsPerSecond),
              ticker,
              sleeper,
              jitter,
              clock);
      CubeTerminalExec terminal =
          terminalExec
              ? new CubeTerminalExec(
                  transport,
                  http.newBuilder()
                      .readTimeout(0, TimeUnit.MILLISECONDS)
                      .pingInterval(Duration.ofSeconds(30))
                      .build())
              : null;
      return new UCloudCubeCloud(transport, terminal, sleeper, ticker, retryPolicy);
    }
  }
}
