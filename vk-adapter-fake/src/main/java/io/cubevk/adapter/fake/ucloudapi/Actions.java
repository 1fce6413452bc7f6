package io.cubevk.adapter.fake.ucloudapi;

import io.cubevk.adapter.fake.cloud.ApiError;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.ContainerUsage;
import io.cubevk.adapter.fake.cloud.CubePage;
import io.cubevk.adapter.fake.cloud.EipRequest;
import io.cubevk.adapter.fake.cloud.FakeCloudApi;
import io.cubevk.adapter.fake.cloud.FakeDisk;
import io.cubevk.adapter.fake.cloud.FakeEip;
import io.cubevk.adapter.fake.cloud.FakeExtendInfo;
import io.cubevk.adapter.fake.cloud.ListQuery;
import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.ports.out.cloud.UsageSample;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulator's actions: each reads its parameters as cube-api.md names them, calls the fake
 * cloud, and returns the answer's fields (the envelope's RetCode and Action are added by the
 * caller). Requests refused before the cloud is reached throw {@link BadRequest}; the cloud's own
 * refusals arrive as {@link ApiError}.
 */
final class Actions {

  /** GetCubeMetrics' metric names: an assumption shared with the adapter (cube-api.md). */
  static final String CPU_UTILIZATION = "CPUUtilization";

  static final String MEM_USAGE = "MemUsage";

  private final FakeCloudApi cloud;

  Actions(FakeCloudApi cloud) {
    this.cloud = cloud;
  }

  Map<String, Object> serve(CloudAction action, Params p) {
    return switch (action) {
      case CREATE_CUBE_POD -> createCubePod(p);
      case DELETE_CUBE_POD -> deleteCubePod(p);
      case GET_CUBE_POD -> getCubePod(p);
      case LIST_CUBE_POD -> listCubePod(p);
      case RENEW_CUBE_POD -> renewCubePod(p);
      case REBOOT_CUBE_POD -> {
        cloud.rebootCube(cubeId(p, "CubeId"));
        yield Map.of();
      }
      case GET_CUBE_EXTEND_INFO -> getCubeExtendInfo(p);
      case MODIFY_CUBE_EXTEND_INFO -> {
        cloud.modifyName(cubeId(p, "CubeId"), p.required("Name"));
        yield Map.of();
      }
      case MODIFY_CUBE_TAG -> {
        CubeId id = cubeId(p, "CubeId");
        cloud.modifyTag(id, p.required("Tag"));
        yield Map.of("CubeId", id.value());
      }
      case GET_CUBE_METRICS -> getCubeMetrics(p);
      case GET_CUBE_PRICE -> getCubePrice(p);
      case ALLOCATE_EIP -> allocateEip(p);
      case BIND_EIP -> {
        cloud.bindEip(p.required("EIPId"), cubeResource(p));
        yield Map.of();
      }
      case UNBIND_EIP -> {
        cloud.unbindEip(p.required("EIPId"), cubeResource(p));
        yield Map.of();
      }
      case RELEASE_EIP -> {
        cloud.releaseEip(p.required("EIPId"));
        yield Map.of();
      }
      case GRANT_FIREWALL -> {
        cloud.grantFirewall(p.required("FWId"), cubeResource(p));
        yield Map.of();
      }
      case DESCRIBE_UDISK -> describeUDisk(p);
      case DETACH_UDISK -> {
        p.required("Zone");
        cloud.detachDisk(p.required("UDiskId"), cubeId(p, "UHostId"));
        yield Map.of();
      }
      case DELETE_UDISK -> {
        p.required("Zone");
        cloud.deleteDisk(p.required("UDiskId"));
        yield Map.of();
      }
      case CONTAINER_LOGS, CONTAINER_EXEC, CONTAINER_ATTACH, PORT_FORWARD ->
          throw new IllegalArgumentException(action + " is not an API action");
    };
  }

  private Map<String, Object> createCubePod(Params p) {
    Placement placement =
        Placement.of(
            p.required("Zone"), p.required("VPCId"), p.required("SubnetId"), p.required("Group"));
    CubeSpec spec = decodePod(p.required("Pod")).spec();
    p.oneOf("CpuPlatform", "Auto", List.of("V6", "A2", "Auto"));
    String chargeWord = p.oneOf("ChargeType", "Postpay", List.of("Year", "Month", "Postpay"));
    ChargeType charge =
        Arrays.stream(ChargeType.values())
            .filter(c -> c.apiWord().equals(chargeWord))
            .findFirst()
            .orElseThrow();
    int quantity = p.integer("Quantity", 1);
    if (quantity < 0 || (quantity == 0 && charge != ChargeType.MONTH)) {
      throw BadRequest.invalid(
          "Quantity", "1 or more (0 only with ChargeType Month), got " + quantity);
    }
    CubeOptions options =
        new CubeOptions.Builder()
            .chargeType(charge)
            .quantity(quantity)
            .tag(p.optional("Tag").orElse(CubeOptions.DEFAULT_TAG))
            .build();
    CubeDocument stored = cloud.createCube(spec, options, placement, p.optional("Name"));
    return Map.of("CubeId", stored.cubeId().orElseThrow().value(), "Pod", encode(stored));
  }

  private Map<String, Object> deleteCubePod(Params p) {
    boolean release = p.bool("ReleaseEIP", false);
    Optional<String> id = p.optional("CubeId");
    if (id.isPresent()) {
      cloud.deleteCube(CubeId.of(id.get()), release);
    } else {
      cloud.deleteCubeByUid(uid(p), release);
    }
    return Map.of();
  }

  private Map<String, Object> getCubePod(Params p) {
    Optional<String> id = p.optional("CubeId");
    CubeDocument doc =
        id.isPresent() ? cloud.getCube(CubeId.of(id.get())) : cloud.getCubeByUid(uid(p));
    return Map.of("Pod", encode(doc));
  }

  private Map<String, Object> listCubePod(Params p) {
    // A Limit above the maximum is served as the maximum, as paged APIs commonly do.
    int limit = Math.min(p.integer("Limit", ListQuery.DEFAULT_LIMIT), ListQuery.MAX_LIMIT);
    int offset = p.integer("Offset", 0);
    if (offset < 0 || limit < 1) {
      throw BadRequest.invalid(offset < 0 ? "Offset" : "Limit", "must be positive");
    }
    ListQuery query =
        new ListQuery(
            p.optional("Group"), p.optional("VPCId"), p.optional("SubnetId"), offset, limit);
    CubePage page = cloud.listCubes(query);
    List<String> pods = new ArrayList<>(page.cubes().size());
    page.cubes().forEach(d -> pods.add(encode(d)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("TotalCount", page.totalCount());
    out.put("Pods", pods);
    return out;
  }

  private Map<String, Object> renewCubePod(Params p) {
    CubeId id = cubeId(p, "CubeId");
    CubeSpec spec = decodePod(p.required("Pod")).spec();
    return Map.of("Pod", encode(cloud.renewCube(id, spec)));
  }

  private Map<String, Object> getCubeExtendInfo(Params p) {
    List<CubeId> ids =
        Arrays.stream(p.required("CubeIds").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(CubeId::of)
            .toList();
    List<Map<String, Object>> infos = new ArrayList<>();
    for (FakeExtendInfo info : cloud.extendInfo(ids)) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("CubeId", info.cubeId().value());
      i.put("Name", info.name());
      i.put("Tag", info.tag());
      info.expiration().ifPresent(e -> i.put("Expiration", e.getEpochSecond()));
      List<Map<String, Object>> eips = new ArrayList<>();
      for (FakeEip e : info.eips()) {
        Map<String, Object> eip = new LinkedHashMap<>();
        eip.put("EIPId", e.id());
        eip.put("EIPAddr", List.of(Map.of("IP", e.address(), "OperatorName", e.operatorName())));
        eip.put("Bandwidth", e.bandwidth());
        eip.put("BandwidthType", e.shareBandwidthId().isPresent() ? 1 : 0);
        eip.put("PayMode", e.payMode());
        eip.put("Resource", info.cubeId().value());
        eip.put("Status", "used");
        eip.put("CreateTime", e.createdAt().getEpochSecond());
        eips.add(eip);
      }
      i.put("Eip", eips);
      infos.add(i);
    }
    return Map.of("ExtendInfo", infos);
  }

  private Map<String, Object> getCubeMetrics(Params p) {
    p.required("Zone");
    CubeId id = cubeId(p, "ResourceId");
    List<String> names = p.list("MetricName");
    if (names.isEmpty()) {
      throw BadRequest.missing("MetricName.0");
    }
    for (String n : names) {
      if (!n.equals(CPU_UTILIZATION) && !n.equals(MEM_USAGE)) {
        throw BadRequest.invalid(
            "MetricName", "'" + n + "', known: " + List.of(CPU_UTILIZATION, MEM_USAGE));
      }
    }
    Instant begin = Instant.ofEpochSecond(p.requiredLong("BeginTime"));
    Instant end = Instant.ofEpochSecond(p.requiredLong("EndTime"));
    ContainerUsage usage = cloud.metrics(id, p.required("ContainerName"), begin, end);
    List<Map<String, Object>> sets = new ArrayList<>();
    for (String n : names) {
      List<Map<String, Object>> values = new ArrayList<>();
      for (UsageSample s : usage.samples()) {
        Object value =
            n.equals(CPU_UTILIZATION)
                ? BigDecimal.valueOf(
                        s.cpuNanoCores() * 100.0 / (usage.limits().cpu().millis() * 1e6))
                    .setScale(2, RoundingMode.HALF_UP)
                : s.memoryWorkingSetBytes();
        values.add(Map.of("Value", value, "Timestamp", s.timestamp().getEpochSecond()));
      }
      sets.add(Map.of("MetricName", n, "Values", values));
    }
    return Map.of("DataSets", sets);
  }

  private Map<String, Object> getCubePrice(Params p) {
    p.required("Zone");
    long cents =
        cloud.price(
            p.integer("Count", 1),
            Cpu.ofMillis(p.integer("Cpu", 0)),
            Memory.ofMebibytes(p.integer("Mem", 0)),
            p.optional("ChargeType").orElse("Postpay"),
            p.integer("Quantity", 1));
    return Map.of("Price", cents, "OriginalPrice", cents);
  }

  private Map<String, Object> allocateEip(Params p) {
    FakeEip eip =
        cloud.allocateEip(
            new EipRequest(
                p.required("OperatorName"),
                p.integer("Bandwidth", 0),
                p.optional("PayMode").orElse("Bandwidth"),
                p.optional("ChargeType").orElse("Month"),
                p.integer("Quantity", 1),
                p.optional("ShareBandwidthId")));
    return Map.of(
        "EIPSet",
        List.of(
            Map.of(
                "EIPId",
                eip.id(),
                "EIPAddr",
                List.of(Map.of("IP", eip.address(), "OperatorName", eip.operatorName())))));
  }

  private Map<String, Object> describeUDisk(Params p) {
    int offset = p.integer("Offset", 0);
    int limit = p.integer("Limit", 20);
    if (offset < 0 || limit < 1) {
      throw BadRequest.invalid(offset < 0 ? "Offset" : "Limit", "must be positive");
    }
    List<FakeDisk> disks = cloud.describeDisks(p.optional("UDiskId"));
    List<Map<String, Object>> set = new ArrayList<>();
    for (FakeDisk d :
        disks.subList(Math.min(offset, disks.size()), Math.min(offset + limit, disks.size()))) {
      Map<String, Object> disk = new LinkedHashMap<>();
      disk.put("UDiskId", d.id());
      disk.put("Name", d.id());
      disk.put("Status", d.attachedTo().isPresent() ? "InUse" : "Available");
      String host = d.attachedTo().map(CubeId::value).orElse("");
      disk.put("UHostId", host);
      disk.put("HostId", host);
      p.optional("Zone").ifPresent(z -> disk.put("Zone", z));
      set.add(disk);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("TotalCount", disks.size());
    out.put("DataSet", set);
    return out;
  }

  private static CubeId cubeResource(Params p) {
    String type = p.required("ResourceType");
    if (!type.equals("cube")) {
      throw BadRequest.invalid("ResourceType", "'" + type + "'; the emulator serves 'cube' only");
    }
    return cubeId(p, "ResourceId");
  }

  private static CubeId cubeId(Params p, String name) {
    return CubeId.of(p.required(name));
  }

  private static PodUid uid(Params p) {
    return PodUid.of(p.optional("Uid").orElseThrow(() -> BadRequest.missing("CubeId or Uid")));
  }

  static CubeDocument decodePod(String base64) {
    String yaml;
    try {
      yaml = new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw BadRequest.invalid("Pod", "not base64 (" + e.getMessage() + ")");
    }
    try {
      return CubeDocumentCodec.parse(yaml);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw BadRequest.invalid("Pod", e.getMessage());
    }
  }

  static String encode(CubeDocument doc) {
    return Base64.getEncoder()
        .encodeToString(CubeDocumentCodec.render(doc).getBytes(StandardCharsets.UTF_8));
  }
}
