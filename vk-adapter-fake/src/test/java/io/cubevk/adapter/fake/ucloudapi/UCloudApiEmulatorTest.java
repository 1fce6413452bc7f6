package io.cubevk.adapter.fake.ucloudapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.cloud.CallLog;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.ManualClock;
import io.cubevk.adapter.fake.cloud.RetCodes;
import io.cubevk.adapter.fake.cloud.TestCubes;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UCloudApiEmulatorTest {

  private static final String GROUP = TestCubes.PLACEMENT.group();

  private ManualClock clock;
  private FakeCubeCloud cloud;
  private UCloudApiEmulator emulator;
  private ApiClient client;

  @BeforeEach
  void start() {
    clock = ManualClock.atDefaultStart();
    cloud = FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(1)).build();
    emulator =
        UCloudApiEmulator.builder(cloud)
            .keyPair(ApiClient.PUBLIC_KEY, ApiClient.PRIVATE_KEY)
            .start();
    client = new ApiClient(emulator.baseUrl());
  }

  @AfterEach
  void stop() {
    emulator.close();
    cloud.close();
  }

  @Test
  void listensOnLoopbackAtTheBaseUrl() {
    assertThat(emulator.baseUrl().toString())
        .isEqualTo("http://127.0.0.1:" + emulator.port() + "/");
    assertThat(emulator.port()).isPositive();
  }

  @Test
  void createCubePodAnswersTheGoldenExchangeShape() throws Exception {
    CubeSpec spec = TestCubes.script("nginx", "echo up; sleep 3600");

    JsonNode answer = client.call("CreateCubePod", createFields(spec));

    assertThat(answer.get("RetCode").asInt()).isZero();
    assertThat(answer.get("Action").asText()).isEqualTo("CreateCubePodResponse");
    String cubeId = answer.get("CubeId").asText();
    assertThat(cubeId).matches("cube-[a-z0-9]{8}");
    CubeDocument stored = decode(answer.get("Pod").asText());
    assertThat(stored.cubeId()).contains(CubeId.of(cubeId));
    assertThat(stored.spec()).isEqualTo(spec);
    assertThat(stored.status().orElseThrow().phase()).isEqualTo(CubePhase.CONTAINER_CREATING);
    assertThat(cloud.cubes()).extracting(ObservedCube::podUid).containsExactly(spec.podUid());
  }

  @Test
  void createCubePodPassesPlacementTagChargeTypeAndName() throws Exception {
    CubeSpec spec = TestCubes.script("billed", "sleep 3600");
    Map<String, String> fields = createFields(spec);
    fields.put("Tag", "shop");
    fields.put("ChargeType", "Month");
    fields.put("Quantity", "2");
    fields.put("Name", "billed-display-name");

    String id = client.call("CreateCubePod", fields).get("CubeId").asText();
    JsonNode info =
        client.call("GetCubeExtendInfo", Map.of("CubeIds", id)).get("ExtendInfo").get(0);

    assertThat(info.get("Tag").asText()).isEqualTo("shop");
    assertThat(info.get("Name").asText()).isEqualTo("billed-display-name");
    assertThat(info.get("Expiration").asLong())
        .isEqualTo(clock.instant().atZone(java.time.ZoneOffset.UTC).plusMonths(2).toEpochSecond());
  }

  @Test
  void aWrongSignatureIsRefusedWith171AndNothingIsCreated() throws Exception {
    CubeSpec spec = TestCubes.script("forged", "sleep 3600");

    HttpResponse<String> response =
        client.post(ApiClient.signed("CreateCubePod", createFields(spec), "not-the-private-key"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.get("RetCode").asInt()).isEqualTo(RetCodes.SIGNATURE_ERROR);
    assertThat(answer.get("Action").asText()).isEqualTo("CreateCubePodResponse");
    assertThat(answer.get("Message").asText()).isEqualTo("Signature VerifyAC Error");
    assertThat(cloud.cubes()).isEmpty();
    assertThat(cloud.callLog().calls(CloudAction.CREATE_CUBE_POD))
        .singleElement()
        .satisfies(c -> assertThat(c.retCode()).isEqualTo(RetCodes.SIGNATURE_ERROR));
  }

  @Test
  void aTamperedParameterBreaksTheSignature() throws Exception {
    Map<String, String> params =
        ApiClient.signed("ListCubePod", Map.of("Group", GROUP), ApiClient.PRIVATE_KEY);
    params.put("Group", "someone-elses-group");

    assertThat(json(client.post(params)).get("RetCode").asInt())
        .isEqualTo(RetCodes.SIGNATURE_ERROR);
  }

  @Test
  void anUnknownPublicKeyOrNoSignatureIsRefused() throws Exception {
    Map<String, String> unknownKey =
        ApiClient.signed("ListCubePod", Map.of("Group", GROUP), ApiClient.PRIVATE_KEY);
    unknownKey.put("PublicKey", "somebody-else");
    unknownKey.put("Signature", RequestSignature.sign(unknownKey, ApiClient.PRIVATE_KEY));
    Map<String, String> unsigned =
        ApiClient.signed("ListCubePod", Map.of("Group", GROUP), ApiClient.PRIVATE_KEY);
    unsigned.remove("Signature");

    assertThat(json(client.post(unknownKey)).get("RetCode").asInt())
        .isEqualTo(RetCodes.USER_NOT_FOUND);
    assertThat(json(client.post(unsigned)).get("RetCode").asInt())
        .isEqualTo(RetCodes.MISSING_SIGNATURE);
  }

  @Test
  void missingActionUnknownActionAndMissingRegionAreRefused() throws Exception {
    Map<String, String> noAction = new LinkedHashMap<>(Map.of("Region", "cn-bj2"));
    Map<String, String> noRegion =
        ApiClient.signed("ListCubePod", Map.of("Group", GROUP), ApiClient.PRIVATE_KEY);
    noRegion.remove("Region");
    noRegion.put("Signature", RequestSignature.sign(noRegion, ApiClient.PRIVATE_KEY));

    assertThat(json(client.post(noAction)).get("RetCode").asInt())
        .isEqualTo(RetCodes.MISSING_ACTION);
    JsonNode unknown = client.call("DescribeUHostInstance", Map.of());
    assertThat(unknown.get("RetCode").asInt()).isEqualTo(RetCodes.ACTION_NOT_FOUND);
    assertThat(unknown.get("Action").asText()).isEqualTo("DescribeUHostInstanceResponse");
    JsonNode missing = json(client.post(noRegion));
    assertThat(missing.get("RetCode").asInt()).isEqualTo(RetCodes.MISSING_PARAMS);
    assertThat(missing.get("Message").asText()).contains("Region");
  }

  @Test
  void listCubePodPagesWithOffsetLimitAndTotalCount() throws Exception {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 230; i++) {
      created.add(
          cloud
              .create(
                  TestCubes.script("p" + i, "sleep 3600"),
                  CubeOptions.defaults(),
                  TestCubes.PLACEMENT)
              .value());
    }
    cloud.create(
        TestCubes.script("elsewhere", "sleep 3600"),
        CubeOptions.defaults(),
        Placement.of("cn-bj2-05", "uvnet-test", "subnet-test", "another-group"));

    Set<String> seen = new HashSet<>();
    int[] sizes = new int[3];
    for (int page = 0; page < 3; page++) {
      JsonNode answer =
          client.call(
              "ListCubePod",
              Map.of("Group", GROUP, "Offset", Integer.toString(page * 100), "Limit", "100"));
      assertThat(answer.get("TotalCount").asInt()).isEqualTo(230);
      sizes[page] = answer.get("Pods").size();
      answer.get("Pods").forEach(p -> seen.add(decode(p.asText()).cubeId().orElseThrow().value()));
    }

    assertThat(sizes).containsExactly(100, 100, 30);
    assertThat(seen).isEqualTo(created);
  }

  @Test
  void listCubePodDefaultsToTwentyAndCapsTheLimitAtOneHundred() throws Exception {
    for (int i = 0; i < 120; i++) {
      cloud.create(
          TestCubes.script("p" + i, "sleep 3600"), CubeOptions.defaults(), TestCubes.PLACEMENT);
    }

    assertThat(client.call("ListCubePod", Map.of("Group", GROUP)).get("Pods").size()).isEqualTo(20);
    assertThat(
            client.call("ListCubePod", Map.of("Group", GROUP, "Limit", "500")).get("Pods").size())
        .isEqualTo(100);
    assertThat(
            client
                .call("ListCubePod", Map.of("Group", GROUP, "Offset", "400", "Limit", "100"))
                .get("Pods")
                .size())
        .isZero();
  }

  @Test
  void getAndDeleteFindACubeByPodUidAndAMissingCubeIs8404() throws Exception {
    CubeSpec spec = TestCubes.script("byuid", "sleep 3600");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);

    JsonNode got = client.call("GetCubePod", Map.of("Uid", spec.podUid().value()));
    assertThat(decode(got.get("Pod").asText()).cubeId()).contains(id);
    assertThat(
            client
                .call("DeleteCubePod", Map.of("Uid", spec.podUid().value()))
                .get("RetCode")
                .asInt())
        .isZero();

    JsonNode again = client.call("DeleteCubePod", Map.of("CubeId", id.value()));
    assertThat(again.get("RetCode").asInt()).isEqualTo(RetCodes.RESOURCE_NOT_FOUND);
    assertThat(again.get("Message").asText()).containsIgnoringCase("not found");
    assertThat(client.call("GetCubePod", Map.of("CubeId", id.value())).get("RetCode").asInt())
        .isEqualTo(RetCodes.RESOURCE_NOT_FOUND);
  }

  @Test
  void getCubePodReportsTheStatusAsTimePasses() throws Exception {
    CubeId id =
        cloud.create(
            TestCubes.script("later", "sleep 3600"), CubeOptions.defaults(), TestCubes.PLACEMENT);
    clock.advance(Duration.ofSeconds(2));

    CubeDocument doc =
        decode(client.call("GetCubePod", Map.of("CubeId", id.value())).get("Pod").asText());

    assertThat(doc.status().orElseThrow().phase()).isEqualTo(CubePhase.RUNNING);
    assertThat(doc.status().orElseThrow().podIp())
        .hasValueSatisfying(ip -> assertThat(ip).startsWith("10.9."));
  }

  @Test
  void renewRebootAndModifyActionsReachTheCube() throws Exception {
    CubeSpec spec = TestCubes.script("renewed", "sleep 3600");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);
    CubeSpec renewed =
        new CubeSpec.Builder()
            .name(spec.name())
            .podUid(spec.podUid())
            .putLabels("generation", "2")
            .addAllContainers(spec.containers())
            .build();

    JsonNode renewAnswer =
        client.call("RenewCubePod", Map.of("CubeId", id.value(), "Pod", encode(renewed)));
    assertThat(decode(renewAnswer.get("Pod").asText()).spec().labels())
        .containsEntry("generation", "2");
    assertThat(client.call("RebootCubePod", Map.of("CubeId", id.value())).get("RetCode").asInt())
        .isZero();
    assertThat(
            client
                .call("ModifyCubeTag", Map.of("CubeId", id.value(), "Tag", "blue"))
                .get("CubeId")
                .asText())
        .isEqualTo(id.value());
    assertThat(cloud.extendInfo(java.util.List.of(id)).get(0).tag()).isEqualTo("blue");
  }

  @Test
  void aBadPodDocumentIsRefusedNamingTheProblem() throws Exception {
    Map<String, String> fields = createFields(TestCubes.script("bad", "sleep 1"));
    fields.put(
        "Pod",
        Base64.getEncoder().encodeToString("spec: [unclosed".getBytes(StandardCharsets.UTF_8)));

    JsonNode answer = client.call("CreateCubePod", fields);

    assertThat(answer.get("RetCode").asInt()).isEqualTo(RetCodes.PARAMS_NOT_AVAILABLE);
    assertThat(answer.get("Message").asText()).startsWith("Params [Pod] not available");
    assertThat(cloud.callLog().calls(CloudAction.CREATE_CUBE_POD)).hasSize(1);
  }

  @Test
  void anInjectedRetCodeIsAnsweredWithHttp200() throws Exception {
    cloud
        .faults()
        .add(
            FaultRule.retCode(RetCodes.SERVICE_UNAVAILABLE)
                .on(CloudAction.CREATE_CUBE_POD)
                .times(1));
    CubeSpec spec = TestCubes.script("retry", "sleep 3600");

    JsonNode first = client.call("CreateCubePod", createFields(spec));
    JsonNode second = client.call("CreateCubePod", createFields(spec));

    assertThat(first.get("RetCode").asInt()).isEqualTo(RetCodes.SERVICE_UNAVAILABLE);
    assertThat(second.get("RetCode").asInt()).isZero();
    assertThat(cloud.cubes()).hasSize(1);
  }

  @Test
  void anOutageIsHttp503() throws Exception {
    cloud.faults().outage();

    HttpResponse<String> response =
        client.post(ApiClient.signed("ListCubePod", Map.of("Group", GROUP), ApiClient.PRIVATE_KEY));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(cloud.callLog().calls())
        .singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(CallLog.Outcome.OUTAGE));
  }

  @Test
  void aLostAnswerResetsTheConnectionAfterTheCubeWasCreated() {
    cloud.faults().add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD));
    CubeSpec spec = TestCubes.script("lost", "sleep 3600");

    assertThatThrownBy(() -> client.call("CreateCubePod", createFields(spec)))
        .isInstanceOf(IOException.class);

    assertThat(cloud.cubes()).extracting(ObservedCube::podUid).containsExactly(spec.podUid());
  }

  @Test
  void aTimedOutCreateResetsTheConnectionAndCreatesNothing() {
    cloud.faults().add(FaultRule.timeout(Duration.ofMillis(50)).on(CloudAction.CREATE_CUBE_POD));
    CubeSpec spec = TestCubes.script("timed-out", "sleep 3600");

    assertThatThrownBy(() -> client.call("CreateCubePod", createFields(spec)))
        .isInstanceOf(IOException.class);

    assertThat(cloud.cubes()).isEmpty();
    assertThat(cloud.callLog().calls(CloudAction.CREATE_CUBE_POD))
        .singleElement()
        .satisfies(c -> assertThat(c.outcome()).isEqualTo(CallLog.Outcome.TIMED_OUT));
  }

  @Test
  void aJsonBodyIsAcceptedAndSignedOverItsFlattenedValues() throws Exception {
    CubeId id =
        cloud.create(
            TestCubes.script("json", "sleep 3600"), CubeOptions.defaults(), TestCubes.PLACEMENT);
    clock.advance(Duration.ofMinutes(2));
    Map<String, String> flat = new LinkedHashMap<>();
    flat.put("Action", "GetCubeMetrics");
    flat.put("Region", "cn-bj2");
    flat.put("Zone", "cn-bj2-05");
    flat.put("PublicKey", ApiClient.PUBLIC_KEY);
    flat.put("ResourceId", id.value());
    flat.put("MetricName.0", "CPUUtilization");
    flat.put("MetricName.1", "MemUsage");
    flat.put("BeginTime", Long.toString(clock.instant().minusSeconds(120).getEpochSecond()));
    flat.put("EndTime", Long.toString(clock.instant().getEpochSecond()));
    flat.put("ContainerName", "main");
    String signature = RequestSignature.sign(flat, ApiClient.PRIVATE_KEY);
    String body =
        "{\"Action\":\"GetCubeMetrics\",\"Region\":\"cn-bj2\",\"Zone\":\"cn-bj2-05\","
            + "\"PublicKey\":\""
            + ApiClient.PUBLIC_KEY
            + "\",\"ResourceId\":\""
            + id.value()
            + "\","
            + "\"MetricName\":[\"CPUUtilization\",\"MemUsage\"],"
            + "\"BeginTime\":"
            + flat.get("BeginTime")
            + ",\"EndTime\":"
            + flat.get("EndTime")
            + ","
            + "\"ContainerName\":\"main\",\"Signature\":\""
            + signature
            + "\"}";

    JsonNode answer = json(client.send("application/json", body));

    assertThat(answer.get("RetCode").asInt()).isZero();
    JsonNode cpu = answer.get("DataSets").get(0);
    assertThat(cpu.get("MetricName").asText()).isEqualTo("CPUUtilization");
    assertThat(cpu.get("Values").size()).isGreaterThan(5);
    cpu.get("Values").forEach(v -> assertThat(v.get("Value").asDouble()).isBetween(0.0, 100.0));
    JsonNode mem = answer.get("DataSets").get(1);
    mem.get("Values").forEach(v -> assertThat(v.get("Value").asLong()).isBetween(0L, 512L << 20));
  }

  @Test
  void eipAllocateBindAndExtendInfoSpeakUNetsShapes() throws Exception {
    CubeId id =
        cloud.create(
            TestCubes.script("public", "sleep 3600"), CubeOptions.defaults(), TestCubes.PLACEMENT);

    JsonNode allocated =
        client.call(
            "AllocateEIP",
            Map.of(
                "OperatorName",
                "Bgp",
                "Bandwidth",
                "2",
                "PayMode",
                "Bandwidth",
                "ChargeType",
                "Dynamic"));
    JsonNode set = allocated.get("EIPSet").get(0);
    String eipId = set.get("EIPId").asText();
    String ip = set.get("EIPAddr").get(0).get("IP").asText();
    JsonNode wrongType =
        client.call(
            "BindEIP", Map.of("EIPId", eipId, "ResourceType", "uhost", "ResourceId", id.value()));
    JsonNode bound =
        client.call(
            "BindEIP", Map.of("EIPId", eipId, "ResourceType", "cube", "ResourceId", id.value()));
    JsonNode eip =
        client
            .call("GetCubeExtendInfo", Map.of("CubeIds", id.value()))
            .get("ExtendInfo")
            .get(0)
            .get("Eip")
            .get(0);

    assertThat(eipId).startsWith("eip-");
    assertThat(ip).matches("(198\\.51\\.100|203\\.0\\.113)\\.\\d+");
    assertThat(wrongType.get("RetCode").asInt()).isEqualTo(RetCodes.PARAMS_NOT_AVAILABLE);
    assertThat(bound.get("RetCode").asInt()).isZero();
    assertThat(eip.get("EIPId").asText()).isEqualTo(eipId);
    assertThat(eip.get("EIPAddr").get(0).get("IP").asText()).isEqualTo(ip);
    assertThat(eip.get("Bandwidth").asInt()).isEqualTo(2);
    assertThat(eip.get("Resource").asText()).isEqualTo(id.value());
  }

  @Test
  void deleteUDiskIsRefusedWhileAttachedAndWorksAfterDetachUDisk() throws Exception {
    String disk = cloud.diskInventory().create();
    CubeSpec spec =
        TestCubes.cube("disk")
            .container(TestCubes.container("main").command("sleep", "3600").mount("data", "/data"))
            .volume(new CubeVolume.UDisk("data", disk, "ext4", false))
            .build();
    CubeId id = cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);

    JsonNode refused = client.call("DeleteUDisk", Map.of("Zone", "cn-bj2-05", "UDiskId", disk));
    JsonNode detached =
        client.call(
            "DetachUDisk", Map.of("Zone", "cn-bj2-05", "UDiskId", disk, "UHostId", id.value()));
    JsonNode deleted = client.call("DeleteUDisk", Map.of("Zone", "cn-bj2-05", "UDiskId", disk));

    assertThat(refused.get("RetCode").asInt()).isEqualTo(RetCodes.PARAMS_NOT_AVAILABLE);
    assertThat(refused.get("Message").asText()).contains(id.value());
    assertThat(detached.get("RetCode").asInt()).isZero();
    assertThat(deleted.get("RetCode").asInt()).isZero();
    assertThat(cloud.diskInventory().exists(disk)).isFalse();
  }

  @Test
  void onlyPostOnTheRootPathIsServed() throws Exception {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    HttpResponse<String> get =
        http.send(
            java.net.http.HttpRequest.newBuilder(emulator.baseUrl()).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> elsewhere =
        http.send(
            java.net.http.HttpRequest.newBuilder(emulator.baseUrl().resolve("/v2/cubes"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("Action=ListCubePod"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
  }

  private static Map<String, String> createFields(CubeSpec spec) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Zone", "cn-bj2-05");
    f.put("VPCId", "uvnet-abc");
    f.put("SubnetId", "subnet-def");
    f.put("Group", GROUP);
    f.put("ChargeType", "Postpay");
    f.put("Quantity", "1");
    f.put("Pod", encode(spec));
    return f;
  }

  private static String encode(CubeSpec spec) {
    return Base64.getEncoder()
        .encodeToString(CubeDocumentCodec.render(spec).getBytes(StandardCharsets.UTF_8));
  }

  private static CubeDocument decode(String base64) {
    return CubeDocumentCodec.parse(
        new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
  }
}
