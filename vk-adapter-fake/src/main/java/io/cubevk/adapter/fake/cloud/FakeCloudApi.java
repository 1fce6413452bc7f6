package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fake cloud as the UCloud API sees it: one method per action, over domain values, failing with
 * {@link ApiError} (a RetCode, an outage or a lost answer) exactly where the service would. The
 * UCloud API emulator is a thin HTTP layer over it; {@link FakeCubeCloud}, the port, calls the same
 * code. Every call passes the cloud's {@link Faults} and is written to its {@link CallLog}.
 *
 * <p>Thread-safe without a global lock: Cubes are indexed by id, pod uid and group in concurrent
 * maps; each Cube guards its own state; the account-wide counters (quota, addresses) are locked
 * only for a counter update. Latency faults sleep in the calling thread, holding no lock.
 *
 * <p>Obtained from {@link FakeCubeCloud#api()}.
 */
public final class FakeCloudApi {

  private final Clock clock;
  private final long seed;
  private final Duration createDelay;
  private final Duration deleteDelay;
  private final int logLines;
  private final Faults faults;
  private final Gate gate;
  private final Ids ids;
  private final AddressPool podIps = AddressPool.vpc();
  private final EipBook eips;
  private final DiskInventory disks;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<CubeId, CubeEntry> byId = new ConcurrentHashMap<>();
  private final Map<PodUid, List<CubeEntry>> byUid = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, CubeEntry>> byGroup =
      new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, CubeEntry> bySeq = new ConcurrentSkipListMap<>();
  private final Object accountLock = new Object();
  private int liveCubes;

  FakeCloudApi(
      Clock clock,
      long seed,
      Duration createDelay,
      Duration deleteDelay,
      int logLines,
      Faults faults,
      CallLog callLog) {
    this.clock = clock;
    this.seed = seed;
    this.createDelay = createDelay;
    this.deleteDelay = deleteDelay;
    this.logLines = logLines;
    this.faults = faults;
    this.gate = new Gate(faults, callLog, clock);
    this.ids = new Ids(seed);
    this.eips = new EipBook(ids);
    this.disks = new DiskInventory(ids);
  }

  // ---------------------------------------------------------------- Cube actions

  /** CreateCubePod: the stored document of the new Cube (with its id and first status). */
  public CubeDocument createCube(CubeSpec spec, CubeOptions options, Placement placement) {
    return stored(observeCreate(spec, options, placement, Optional.empty()));
  }

  /** CreateCubePod with a {@code Name} other than the document's {@code metadata.name}. */
  public CubeDocument createCube(
      CubeSpec spec, CubeOptions options, Placement placement, Optional<String> name) {
    return stored(observeCreate(spec, options, placement, name));
  }

  ObservedCube observeCreate(
      CubeSpec spec, CubeOptions options, Placement placement, Optional<String> name) {
    return gate.call(
        CloudAction.CREATE_CUBE_POD,
        "Group=" + placement.group() + " Uid=" + spec.podUid(),
        Optional.of(spec.podUid()),
        () -> doCreate(spec, options, placement, name));
  }

  /** DeleteCubePod by id; a Cube already being deleted is accepted again. */
  public void deleteCube(CubeId id, boolean releaseEip) {
    gate.run(
        CloudAction.DELETE_CUBE_POD,
        "CubeId=" + id + " ReleaseEIP=" + releaseEip,
        uidOf(id),
        () -> doDelete(existing(id), releaseEip));
  }

  /** DeleteCubePod by pod uid. */
  public void deleteCubeByUid(PodUid uid, boolean releaseEip) {
    gate.run(
        CloudAction.DELETE_CUBE_POD,
        "Uid=" + uid + " ReleaseEIP=" + releaseEip,
        Optional.of(uid),
        () -> doDelete(existingByUid(uid), releaseEip));
  }

  /** GetCubePod by id. */
  public CubeDocument getCube(CubeId id) {
    return stored(observe(id));
  }

  ObservedCube observe(CubeId id) {
    return gate.call(
        CloudAction.GET_CUBE_POD,
        "CubeId=" + id,
        uidOf(id),
        () -> existing(id).observe(clock.instant()));
  }

  /** GetCubePod by pod uid. */
  public CubeDocument getCubeByUid(PodUid uid) {
    return stored(observeByUid(uid));
  }

  ObservedCube observeByUid(PodUid uid) {
    return gate.call(
        CloudAction.GET_CUBE_POD,
        "Uid=" + uid,
        Optional.of(uid),
        () -> existingByUid(uid).observe(clock.instant()));
  }

  /** ListCubePod: one page, in creation order, with the total count of matching Cubes. */
  public CubePage listCubes(ListQuery query) {
    return gate.call(
        CloudAction.LIST_CUBE_POD,
        query.group().map(g -> "Group=" + g + " ").orElse("")
            + "Offset="
            + query.offset()
            + " Limit="
            + query.limit(),
        Optional.empty(),
        () -> {
          Instant now = clock.instant();
          List<CubeEntry> matching = matching(query.group(), query.vpcId(), query.subnetId(), now);
          int from = Math.min(query.offset(), matching.size());
          int to = Math.min(from + query.limit(), matching.size());
          List<CubeDocument> page = new ArrayList<>(to - from);
          for (CubeEntry e : matching.subList(from, to)) {
            page.add(stored(e.observe(now)));
          }
          return new CubePage(page, matching.size());
        });
  }

  /** Every Cube of a group in one call: what the port's list returns. */
  List<ObservedCube> observeGroup(String group) {
    return gate.call(
        CloudAction.LIST_CUBE_POD,
        "Group=" + group + " (all)",
        Optional.empty(),
        () -> {
          Instant now = clock.instant();
          return matching(Optional.of(group), Optional.empty(), Optional.empty(), now).stream()
              .map(e -> e.observe(now))
              .toList();
        });
  }

  /** RenewCubePod: replaces the document; containers keep running, files change at once. */
  public CubeDocument renewCube(CubeId id, CubeSpec spec) {
    return stored(observeRenew(id, spec));
  }

  ObservedCube observeRenew(CubeId id, CubeSpec spec) {
    return gate.call(
        CloudAction.RENEW_CUBE_POD, "CubeId=" + id, uidOf(id), () -> doRenew(existing(id), spec));
  }

  /** RebootCubePod: every container is killed and the Cube starts again after the create delay. */
  public void rebootCube(CubeId id) {
    gate.run(
        CloudAction.REBOOT_CUBE_POD,
        "CubeId=" + id,
        uidOf(id),
        () -> {
          CubeEntry e = existing(id);
          refuseIfDeleting(e, "reboot");
          e.reboot(clock.instant());
        });
  }

  /** GetCubeExtendInfo; ids of Cubes that do not exist are left out of the answer. */
  public List<FakeExtendInfo> extendInfo(Collection<CubeId> cubeIds) {
    return gate.call(
        CloudAction.GET_CUBE_EXTEND_INFO,
        "CubeIds=" + cubeIds.stream().map(CubeId::value).collect(Collectors.joining(",")),
        Optional.empty(),
        () -> {
          Instant now = clock.instant();
          List<FakeExtendInfo> out = new ArrayList<>();
          for (CubeId id : cubeIds) {
            CubeEntry e = live(id, now);
            if (e != null) {
              out.add(new FakeExtendInfo(id, e.name(), e.tag(), e.expiration(), eips.boundTo(id)));
            }
          }
          return out;
        });
  }

  /** ModifyCubeExtendInfo: renames the Cube. */
  public void modifyName(CubeId id, String name) {
    gate.run(
        CloudAction.MODIFY_CUBE_EXTEND_INFO,
        "CubeId=" + id,
        uidOf(id),
        () -> existing(id).rename(requireText("Name", name)));
  }

  /** ModifyCubeTag: moves the Cube to another business group. */
  public void modifyTag(CubeId id, String tag) {
    gate.run(
        CloudAction.MODIFY_CUBE_TAG,
        "CubeId=" + id,
        uidOf(id),
        () -> existing(id).retag(requireText("Tag", tag)));
  }

  /** GetCubeMetrics for one container, between two times. */
  public ContainerUsage metrics(CubeId id, String container, Instant from, Instant to) {
    return gate.call(
        CloudAction.GET_CUBE_METRICS,
        "ResourceId=" + id + " ContainerName=" + container,
        uidOf(id),
        () -> {
          if (!to.isAfter(from)) {
            throw ApiError.invalid(
                "Params [EndTime] not available: must be after BeginTime (" + from + ")");
          }
          CubeEntry e = existing(id);
          Instant now = clock.instant();
          return e.withContainer(
                  container,
                  now,
                  c ->
                      new ContainerUsage(
                          c.definition().limits(),
                          SyntheticMetrics.samples(
                              seed,
                              id,
                              container,
                              c.definition().limits(),
                              c.runs(),
                              from,
                              to,
                              now)))
              .orElseThrow(
                  () ->
                      ApiError.invalid(
                          "Params [ContainerName] not available: "
                              + id
                              + " has no container '"
                              + container
                              + "'"));
        });
  }

  /**
   * GetCubePrice, in cents. The formula is made up (the real price list is not modelled): per hour,
   * 9 cents a core and 4 cents a GiB, times the hours of the charge period.
   */
  public long price(int count, Cpu cpu, Memory memory, String chargeType, int quantity) {
    return gate.call(
        CloudAction.GET_CUBE_PRICE,
        "Count=" + count + " ChargeType=" + chargeType,
        Optional.empty(),
        () -> {
          long hours =
              switch (chargeType) {
                case "Postpay", "Dynamic" -> 1;
                case "Month" -> 720L * Math.max(quantity, 1);
                case "Year" -> 8760L * Math.max(quantity, 1);
                default ->
                    throw ApiError.invalid(
                        "Params [ChargeType] not available: '"
                            + chargeType
                            + "', accepted: Year, Month, Dynamic, Postpay");
              };
          long perHour = (cpu.millis() * 9 + memory.mebibytes() * 4000 / 1024) / 1000;
          return Math.max(1, perHour) * hours * Math.max(count, 1);
        });
  }

  // ---------------------------------------------------------------- UNet

  public FakeEip allocateEip(EipRequest request) {
    return gate.call(
        CloudAction.ALLOCATE_EIP,
        "PayMode=" + request.payMode() + " ChargeType=" + request.chargeType(),
        Optional.empty(),
        () -> eips.allocate(request, faults.maxEips(), clock.instant()));
  }

  /** BindEIP with ResourceType {@code cube}. */
  public void bindEip(String eipId, CubeId cube) {
    gate.run(
        CloudAction.BIND_EIP,
        "EIPId=" + eipId + " ResourceId=" + cube,
        uidOf(cube),
        () -> {
          CubeEntry e = existing(cube);
          refuseIfDeleting(e, "bind an EIP to");
          eips.bind(eipId, cube);
        });
  }

  public void unbindEip(String eipId, CubeId cube) {
    gate.run(
        CloudAction.UNBIND_EIP,
        "EIPId=" + eipId + " ResourceId=" + cube,
        uidOf(cube),
        () -> eips.unbind(eipId, cube));
  }

  public void releaseEip(String eipId) {
    gate.run(
        CloudAction.RELEASE_EIP, "EIPId=" + eipId, Optional.empty(), () -> eips.release(eipId));
  }

  /** GrantFirewall with ResourceType {@code cube}. */
  public void grantFirewall(String firewallId, CubeId cube) {
    gate.run(
        CloudAction.GRANT_FIREWALL,
        "FWId=" + firewallId + " ResourceId=" + cube,
        uidOf(cube),
        () -> existing(cube).grantFirewall(requireText("FWId", firewallId)));
  }

  /** The EIPs of the account (inspection for tests; not a cloud call). */
  public List<FakeEip> eips() {
    return eips.all();
  }

  /** The firewalls granted to a Cube (inspection for tests; not a cloud call). */
  public Set<String> firewallsOf(CubeId cube) {
    CubeEntry e = byId.get(cube);
    return e == null ? Set.of() : e.firewalls();
  }

  // ---------------------------------------------------------------- UDisk

  /**
   * DescribeUDisk: every disk, or the one with this id (none when it does not exist: a describe
   * filters, it does not refuse), in id order.
   */
  public List<FakeDisk> describeDisks(Optional<String> diskId) {
    return gate.call(
        CloudAction.DESCRIBE_UDISK,
        diskId.map(d -> "UDiskId=" + d).orElse("(all)"),
        Optional.empty(),
        () ->
            disks.all().stream()
                .filter(d -> diskId.isEmpty() || d.id().equals(diskId.get()))
                .toList());
  }

  /** DetachUDisk (UHostId = the Cube's id). */
  public void detachDisk(String diskId, CubeId cube) {
    gate.run(
        CloudAction.DETACH_UDISK,
        "UDiskId=" + diskId + " UHostId=" + cube,
        Optional.empty(),
        () -> disks.detach(diskId, cube));
  }

  /** DeleteUDisk: refused while the disk is attached, as UDisk does. */
  public void deleteDisk(String diskId) {
    gate.run(
        CloudAction.DELETE_UDISK,
        "UDiskId=" + diskId,
        Optional.empty(),
        () -> disks.delete(diskId, false));
  }

  /** The port's delete: detaches first when needed, in one call. */
  void deleteDiskDetachingFirst(String diskId) {
    gate.run(
        CloudAction.DELETE_UDISK,
        "UDiskId=" + diskId + " (detach first)",
        Optional.empty(),
        () -> disks.delete(diskId, true));
  }

  // ---------------------------------------------------------------- for front ends and tests

  /**
   * Records a call a front end refused before it reached the cloud (a bad signature, a missing
   * parameter), so the call log shows every request.
   */
  public void recordRefusal(CloudAction action, String args, int retCode, String message) {
    gate.recordRefusal(action, args, retCode, message);
  }

  /** Every Cube of the account, for inspection (not a cloud call: no faults, not logged). */
  List<ObservedCube> snapshot() {
    Instant now = clock.instant();
    return matching(Optional.empty(), Optional.empty(), Optional.empty(), now).stream()
        .map(e -> e.observe(now))
        .toList();
  }

  /** A live Cube for the streams, or empty. */
  Optional<CubeEntry> entry(CubeId id) {
    return Optional.ofNullable(live(id, clock.instant()));
  }

  Gate gate() {
    return gate;
  }

  Clock clock() {
    return clock;
  }

  DiskInventory disks() {
    return disks;
  }

  long seed() {
    return seed;
  }

  ObservedCube observeEntry(CubeEntry e) {
    return e.observe(clock.instant());
  }

  // ---------------------------------------------------------------- internals

  private ObservedCube doCreate(
      CubeSpec spec, CubeOptions options, Placement placement, Optional<String> name) {
    CubeRules.check(placement);
    CubeRules.check(spec);
    Instant now = clock.instant();
    String ip;
    synchronized (accountLock) {
      int quota = faults.maxCubes();
      if (liveCubes >= quota) {
        throw ApiError.invalid("quota exceeded: the account may run at most " + quota + " Cubes");
      }
      ip = podIps.allocate();
      if (ip == null) {
        throw ApiError.invalid("subnet " + placement.subnetId() + " has no free address left");
      }
      liveCubes++;
    }
    CubeEntry entry;
    try {
      CubeId id;
      do {
        id = CubeId.of(ids.next("cube"));
      } while (byId.containsKey(id));
      entry =
          new CubeEntry(
              id,
              sequence.incrementAndGet(),
              spec,
              options,
              placement,
              now,
              createDelay,
              ip,
              logLines);
      name.ifPresent(entry::rename);
      disks.attachAll(CubeRules.udiskIds(spec), id);
    } catch (RuntimeException e) {
      synchronized (accountLock) {
        liveCubes--;
        podIps.release(ip);
      }
      throw e;
    }
    byId.put(entry.id, entry);
    byUid.compute(entry.podUid, (k, list) -> append(list, entry));
    byGroup
        .computeIfAbsent(placement.group(), g -> new ConcurrentSkipListMap<>())
        .put(entry.seq, entry);
    bySeq.put(entry.seq, entry);
    return entry.observe(now);
  }

  private void doDelete(CubeEntry e, boolean releaseEip) {
    Instant now = clock.instant();
    if (!e.markDeleted(now)) {
      return; // already terminating: accepted again, as the service does
    }
    eips.cubeDeleted(e.id, releaseEip);
    disks.release(CubeRules.udiskIds(e.spec()), e.id);
    if (deleteDelay.isZero()) {
      remove(e);
    }
  }

  private ObservedCube doRenew(CubeEntry e, CubeSpec spec) {
    refuseIfDeleting(e, "renew");
    CubeRules.check(spec);
    CubeSpec old = e.spec();
    if (!spec.podUid().equals(old.podUid())) {
      throw ApiError.invalid(
          "Params [Pod] not available: metadata.uid "
              + spec.podUid()
              + " differs from the Cube's "
              + old.podUid()
              + "; a Cube keeps its pod uid");
    }
    Set<String> oldNames = containerNames(old);
    Set<String> newNames = containerNames(spec);
    if (!oldNames.equals(newNames)) {
      throw ApiError.invalid(
          "Params [Pod] not available: RenewCubePod keeps the containers "
              + oldNames
              + ", got "
              + newNames);
    }
    List<String> oldDisks = CubeRules.udiskIds(old);
    List<String> newDisks = CubeRules.udiskIds(spec);
    disks.attachAll(newDisks, e.id);
    List<String> dropped = new ArrayList<>(oldDisks);
    dropped.removeAll(newDisks);
    disks.release(dropped, e.id);
    Instant now = clock.instant();
    e.renew(spec, now);
    return e.observe(now);
  }

  private static Set<String> containerNames(CubeSpec spec) {
    Set<String> names = new HashSet<>();
    Stream.concat(spec.initContainers().stream(), spec.containers().stream())
        .map(CubeContainer::name)
        .forEach(names::add);
    return names;
  }

  private void remove(CubeEntry e) {
    if (byId.remove(e.id, e)) {
      byUid.computeIfPresent(e.podUid, (k, list) -> without(list, e));
      ConcurrentSkipListMap<Long, CubeEntry> group = byGroup.get(e.placement.group());
      if (group != null) {
        group.remove(e.seq);
      }
      bySeq.remove(e.seq);
      synchronized (accountLock) {
        liveCubes--;
        podIps.release(e.podIp);
      }
    }
  }

  /** The Cube if it exists (a deleted one disappears once its delete delay has passed). */
  private CubeEntry live(CubeId id, Instant now) {
    CubeEntry e = byId.get(id);
    if (e != null && e.goneAt(now, deleteDelay)) {
      remove(e);
      return null;
    }
    return e;
  }

  private CubeEntry existing(CubeId id) {
    CubeEntry e = live(id, clock.instant());
    if (e == null) {
      throw ApiError.notFound("Cube " + id + " not found");
    }
    return e;
  }

  private CubeEntry existingByUid(PodUid uid) {
    Instant now = clock.instant();
    List<CubeEntry> entries = byUid.getOrDefault(uid, List.of());
    for (CubeEntry e : entries) {
      if (live(e.id, now) != null) {
        return e; // the oldest, if an agent bug made several
      }
    }
    throw ApiError.notFound("Cube of pod uid " + uid + " not found");
  }

  private List<CubeEntry> matching(
      Optional<String> group, Optional<String> vpcId, Optional<String> subnetId, Instant now) {
    Collection<CubeEntry> source =
        group.isPresent()
            ? byGroup.getOrDefault(group.get(), new ConcurrentSkipListMap<>()).values()
            : bySeq.values();
    List<CubeEntry> out = new ArrayList<>();
    for (CubeEntry e : source) {
      if (e.goneAt(now, deleteDelay)) {
        remove(e);
        continue;
      }
      if (vpcId.isPresent() && !vpcId.get().equals(e.placement.vpcId())) {
        continue;
      }
      if (subnetId.isPresent() && !subnetId.get().equals(e.placement.subnetId())) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  private Optional<PodUid> uidOf(CubeId id) {
    CubeEntry e = byId.get(id);
    return e == null ? Optional.empty() : Optional.of(e.podUid);
  }

  private static void refuseIfDeleting(CubeEntry e, String what) {
    if (e.deleting()) {
      throw ApiError.invalid(
          "Params [CubeId] not available: cannot " + what + " " + e.id + ": it is being deleted");
    }
  }

  private static String requireText(String param, String value) {
    if (value == null || value.isBlank()) {
      throw ApiError.refused(RetCodes.MISSING_PARAMS, "Missing params [" + param + "]");
    }
    return value;
  }

  private static CubeDocument stored(ObservedCube o) {
    return CubeDocument.stored(o.spec(), o.cubeId(), o.status());
  }

  private static List<CubeEntry> append(List<CubeEntry> list, CubeEntry e) {
    List<CubeEntry> out = list == null ? new ArrayList<>() : new ArrayList<>(list);
    out.add(e);
    return List.copyOf(out);
  }

  private static List<CubeEntry> without(List<CubeEntry> list, CubeEntry e) {
    List<CubeEntry> out = new ArrayList<>(list);
    out.remove(e);
    return out.isEmpty() ? null : List.copyOf(out);
  }
}
