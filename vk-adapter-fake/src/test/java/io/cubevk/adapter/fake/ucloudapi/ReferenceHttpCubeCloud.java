package io.cubevk.adapter.fake.ucloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
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
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A deliberately plain UCloud client, for tests only: it proves that the emulator carries the whole
 * port contract over HTTP (paging under churn, 503s, reset connections) before the real adapter
 * exists. It is not the UCloud adapter: no retries, no rate limiting, no redaction concerns beyond
 * never printing the key. Its choices are the ones the contract forces on any adapter: a create
 * whose connection breaks is OutcomeUnknown; a list restarts when TotalCount changes under it.
 */
final class ReferenceHttpCubeCloud implements CubeCloud, ElasticIps, Disks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 100;

  private final URI base;
  private final String publicKey;
  private final String privateKey;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  ReferenceHttpCubeCloud(URI base, String publicKey, String privateKey) {
    this.base = base;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  @Override
  public CubeId create(CubeSpec spec, CubeOptions options, Placement placement) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Zone", placement.zone());
    p.put("VPCId", placement.vpcId());
    p.put("SubnetId", placement.subnetId());
    p.put("Group", placement.group());
    p.put("Tag", options.tag());
    p.put("ChargeType", options.chargeType().apiWord());
    p.put("Quantity", Integer.toString(options.quantity()));
    p.put("Pod", encode(CubeDocument.of(spec)));
    return CubeId.of(call("CreateCubePod", p, true).get("CubeId").asText());
  }

  @Override
  public void delete(CubeId id, boolean releaseEip) {
    call(
        "DeleteCubePod",
        Map.of("CubeId", id.value(), "ReleaseEIP", Boolean.toString(releaseEip)),
        false);
  }

  @Override
  public Optional<ObservedCube> get(CubeId id) {
    return absentIfNotFound(
        () -> decode(call("GetCubePod", Map.of("CubeId", id.value()), false).get("Pod").asText()));
  }

  @Override
  public Optional<ObservedCube> findByPodUid(PodUid uid) {
    return absentIfNotFound(
        () -> decode(call("GetCubePod", Map.of("Uid", uid.value()), false).get("Pod").asText()));
  }

  @Override
  public List<ObservedCube> list(String group) {
    // Offset paging over a live table: if the total moved while paging, items may have shifted
    // between pages, so the walk starts again (a few times) until one walk saw a stable total.
    for (int attempt = 0; attempt < 5; attempt++) {
      Map<CubeId, ObservedCube> seen = new LinkedHashMap<>();
      int total = -1;
      boolean stable = true;
      for (int offset = 0; total < 0 || offset < total; offset += PAGE) {
        JsonNode page =
            call(
                "ListCubePod",
                Map.of(
                    "Group",
                    group,
                    "Offset",
                    Integer.toString(offset),
                    "Limit",
                    Integer.toString(PAGE)),
                false);
        int pageTotal = page.get("TotalCount").asInt();
        if (total >= 0 && pageTotal != total) {
          stable = false;
        }
        total = pageTotal;
        page.get("Pods")
            .forEach(
                p -> {
                  ObservedCube c = decode(p.asText());
                  seen.putIfAbsent(c.cubeId(), c);
                });
        if (page.get("Pods").size() < PAGE) {
          break;
        }
      }
      if (stable) {
        return new ArrayList<>(seen.values());
      }
    }
    throw new CloudFailure.Unavailable("ListCubePod: the group kept changing while paging");
  }

  @Override
  public ObservedCube renew(CubeId id, CubeSpec spec) {
    return decode(
        call(
                "RenewCubePod",
                Map.of("CubeId", id.value(), "Pod", encode(CubeDocument.of(spec))),
                false)
            .get("Pod")
            .asText());
  }

  @Override
  public void reboot(CubeId id) {
    call("RebootCubePod", Map.of("CubeId", id.value()), false);
  }

  @Override
  public List<CubeExtendInfo> extendInfo(Collection<CubeId> ids) {
    JsonNode answer =
        call(
            "GetCubeExtendInfo",
            Map.of("CubeIds", ids.stream().map(CubeId::value).collect(Collectors.joining(","))),
            false);
    List<CubeExtendInfo> out = new ArrayList<>();
    for (JsonNode i : answer.get("ExtendInfo")) {
      List<ElasticIp> eips = new ArrayList<>();
      i.get("Eip")
          .forEach(
              e ->
                  eips.add(
                      new ElasticIp(
                          e.get("EIPId").asText(), e.get("EIPAddr").get(0).get("IP").asText())));
      Optional<Instant> expiration =
          i.has("Expiration")
              ? Optional.of(Instant.ofEpochSecond(i.get("Expiration").asLong()))
              : Optional.empty();
      out.add(
          new CubeExtendInfo(
              CubeId.of(i.get("CubeId").asText()),
              i.get("Name").asText(),
              i.get("Tag").asText(),
              expiration,
              eips));
    }
    return out;
  }

  @Override
  public Set<CloudCapability> capabilities() {
    return Set.of(CloudCapability.METRICS);
  }

  @Override
  public StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink) {
    throw new CloudFailure.Unsupported(CloudCapability.LOGS, "the Cube API has no log action");
  }

  @Override
  public ExecSession exec(CubeId id, ExecRequest request, ExecOutput output) {
    throw new CloudFailure.Unsupported(
        CloudCapability.EXEC, "the Cube terminal protocol is not public");
  }

  @Override
  public ExecSession attach(CubeId id, ExecRequest request, ExecOutput output) {
    throw new CloudFailure.Unsupported(
        CloudCapability.ATTACH, "the Cube terminal protocol is not public");
  }

  @Override
  public PortForwardSession portForward(CubeId id, int port, ByteSink fromCube) {
    throw new CloudFailure.Unsupported(
        CloudCapability.PORT_FORWARD, "the Cube API has no port-forward");
  }

  @Override
  public List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Zone", "cn-bj2-05");
    p.put("ResourceId", id.value());
    p.put("MetricName.0", "CPUUtilization");
    p.put("MetricName.1", "MemUsage");
    p.put("BeginTime", Long.toString(from.getEpochSecond()));
    p.put("EndTime", Long.toString(to.getEpochSecond()));
    p.put("ContainerName", container);
    JsonNode sets = call("GetCubeMetrics", p, false).get("DataSets");
    long cpuLimitNanos =
        get(id).orElseThrow().spec().containers().stream()
                .filter(c -> c.name().equals(container))
                .findFirst()
                .orElseThrow()
                .limits()
                .cpu()
                .millis()
            * 1_000_000L;
    List<UsageSample> out = new ArrayList<>();
    for (int i = 0; i < sets.get(0).get("Values").size(); i++) {
      JsonNode cpu = sets.get(0).get("Values").get(i);
      JsonNode mem = sets.get(1).get("Values").get(i);
      out.add(
          new UsageSample(
              Instant.ofEpochSecond(cpu.get("Timestamp").asLong()),
              (long) (cpu.get("Value").asDouble() / 100 * cpuLimitNanos),
              mem.get("Value").asLong()));
    }
    return out;
  }

  @Override
  public ElasticIp allocate(EipOptions options) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("OperatorName", "Bgp");
    p.put("Bandwidth", Integer.toString(options.bandwidth()));
    p.put("PayMode", options.payMode().apiWord());
    p.put("ChargeType", options.chargeType().apiWord());
    p.put("Quantity", Integer.toString(options.quantity()));
    options.shareBandwidthId().ifPresent(s -> p.put("ShareBandwidthId", s));
    JsonNode set = call("AllocateEIP", p, false).get("EIPSet").get(0);
    return new ElasticIp(set.get("EIPId").asText(), set.get("EIPAddr").get(0).get("IP").asText());
  }

  @Override
  public void bind(String eipId, CubeId cube) {
    call(
        "BindEIP",
        Map.of("EIPId", eipId, "ResourceType", "cube", "ResourceId", cube.value()),
        false);
  }

  @Override
  public void unbind(String eipId, CubeId cube) {
    call(
        "UnBindEIP",
        Map.of("EIPId", eipId, "ResourceType", "cube", "ResourceId", cube.value()),
        false);
  }

  @Override
  public void release(String eipId) {
    call("ReleaseEIP", Map.of("EIPId", eipId), false);
  }

  @Override
  public void grantFirewall(String firewallId, CubeId cube) {
    call(
        "GrantFirewall",
        Map.of("FWId", firewallId, "ResourceType", "cube", "ResourceId", cube.value()),
        false);
  }

  @Override
  public void delete(String diskId) {
    JsonNode disks =
        call("DescribeUDisk", Map.of("Zone", "cn-bj2-05", "UDiskId", diskId), false).get("DataSet");
    if (disks.isEmpty()) {
      throw new CloudFailure.NotFound("DescribeUDisk: UDisk " + diskId + " does not exist");
    }
    String host = disks.get(0).get("UHostId").asText();
    if (!host.isEmpty()) {
      call("DetachUDisk", Map.of("Zone", "cn-bj2-05", "UDiskId", diskId, "UHostId", host), false);
    }
    call("DeleteUDisk", Map.of("Zone", "cn-bj2-05", "UDiskId", diskId), false);
  }

  private JsonNode call(String action, Map<String, String> fields, boolean isCreate) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", action);
    p.put("Region", "cn-bj2");
    p.put("PublicKey", publicKey);
    p.putAll(fields);
    p.put("Signature", RequestSignature.sign(p, privateKey));
    String form =
        p.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(base)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // The request may have been served: never re-send a create.
      throw isCreate
          ? new CloudFailure.OutcomeUnknown(action + ": no answer (" + e.getMessage() + ")", e)
          : new CloudFailure.Unavailable(action + ": no answer (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudFailure.Unavailable(action + ": interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new CloudFailure.Unavailable(action + ": HTTP " + response.statusCode());
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CloudFailure.Unavailable(action + ": unreadable answer", e);
    }
    int code = body.get("RetCode").asInt();
    if (code == 0) {
      return body;
    }
    String message = action + ": " + body.path("Message").asText() + " (RetCode " + code + ")";
    if (code == 8404) {
      throw new CloudFailure.NotFound(message);
    }
    if (code == 150 || code >= 2000) {
      throw new CloudFailure.Unavailable(message);
    }
    if (code == 153) {
      throw new CloudFailure.Throttled(message, Optional.empty());
    }
    if ((code >= 170 && code <= 174) || (code >= 292 && code <= 299)) {
      throw new CloudFailure.Unauthorized(message);
    }
    throw new CloudFailure.Rejected(Integer.toString(code), message);
  }

  private static <T> Optional<T> absentIfNotFound(java.util.function.Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (CloudFailure.NotFound e) {
      return Optional.empty();
    }
  }

  private static String encode(CubeDocument doc) {
    return Base64.getEncoder()
        .encodeToString(CubeDocumentCodec.render(doc).getBytes(StandardCharsets.UTF_8));
  }

  private static ObservedCube decode(String base64) {
    return ObservedCube.of(
        CubeDocumentCodec.parse(
            new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8)));
  }
}
