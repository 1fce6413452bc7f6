package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeExtendInfo;
import io.cubevk.ports.out.cloud.ElasticIp;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each Cube action: what it sends and how it reads the answer. */
class CubeActionsTest {

  private static final CubeId CUBE = CubeId.of("cube-k3j2h1g0");

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  private static String getAnswer(String pod) {
    return "{\"RetCode\":0,\"Action\":\"GetCubePodResponse\",\"Pod\":\"" + pod + "\"}";
  }

  @Test
  void getSendsTheCubeIdWithoutZoneAndReadsTheStoredDocument() {
    CubeSpec spec = Cubes.nginx("uid-1");
    ucloud.answer(getAnswer(Cubes.stored(spec, CUBE.value(), CubePhase.CONTAINER_CREATING)));

    ObservedCube cube = ucloud.cloud().get(CUBE).orElseThrow();

    Map<String, String> form = ucloud.takeForm();
    assertThat(form)
        .containsEntry("Action", "GetCubePod")
        .containsEntry("CubeId", CUBE.value())
        .containsEntry("Region", MockUCloud.REGION)
        .containsEntry("ProjectId", MockUCloud.PROJECT)
        .doesNotContainKeys("Zone", "Uid");
    assertThat(cube.cubeId()).isEqualTo(CUBE);
    assertThat(cube.spec()).isEqualTo(spec);
    assertThat(cube.status().phase()).isEqualTo(CubePhase.CONTAINER_CREATING);
  }

  @Test
  void getTakesTheAskedIdWhenTheDocumentLacksMetadataCubeId() {
    CubeSpec spec = Cubes.nginx("uid-1");
    String yaml =
        CubeDocumentCodec.render(
            new CubeDocument.Builder().spec(spec).status(CubeStatus.of(CubePhase.RUNNING)).build());
    ucloud.answer(getAnswer(Cubes.base64(yaml)));

    assertThat(ucloud.cloud().get(CUBE)).get().extracting(ObservedCube::cubeId).isEqualTo(CUBE);
  }

  @Test
  void findByPodUidAsksByUid() {
    ucloud.answer(getAnswer(Cubes.stored(Cubes.nginx("uid-7"), "cube-7", CubePhase.RUNNING)));

    ObservedCube cube = ucloud.cloud().findByPodUid(PodUid.of("uid-7")).orElseThrow();

    assertThat(ucloud.takeForm()).containsEntry("Uid", "uid-7").doesNotContainKey("CubeId");
    assertThat(cube.cubeId()).isEqualTo(CubeId.of("cube-7"));
  }

  @Test
  void findByPodUidRefusesACubeOfAnotherPod() {
    ucloud.answer(getAnswer(Cubes.stored(Cubes.nginx("uid-8"), "cube-8", CubePhase.RUNNING)));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.findByPodUid(PodUid.of("uid-7")))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("answered Cube cube-8 of pod uid-8");
  }

  @Test
  void createSendsThePlacementZoneAndTheOptionsBillingWords() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"CreateCubePodResponse\",\"CubeId\":\"cube-1\"}");
    CubeOptions options =
        new CubeOptions.Builder().chargeType(ChargeType.MONTH).quantity(0).tag("shop").build();

    ucloud
        .cloud()
        .create(
            Cubes.nginx("uid-1"), options, Placement.of("cn-bj2-04", "uvnet-1", "subnet-1", "g"));

    assertThat(ucloud.takeForm())
        .containsEntry("Zone", "cn-bj2-04")
        .containsEntry("ChargeType", "Month")
        .containsEntry("Quantity", "0")
        .containsEntry("Tag", "shop");
  }

  @Test
  void deleteSendsWhetherToReleaseTheEip() {
    ucloud.answerOk("DeleteCubePod");
    ucloud.answerOk("DeleteCubePod");
    UCloudCubeCloud cloud = ucloud.cloud();

    cloud.delete(CUBE, true);
    cloud.delete(CUBE, false);

    assertThat(ucloud.takeForm())
        .containsEntry("Action", "DeleteCubePod")
        .containsEntry("CubeId", CUBE.value())
        .containsEntry("ReleaseEIP", "true");
    assertThat(ucloud.takeForm()).containsEntry("ReleaseEIP", "false");
  }

  @Test
  void renewSendsTheNewDocumentAndReturnsWhatTheCloudStored() {
    CubeSpec renewed = Cubes.withSecrets("uid-1");
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"RenewCubePodResponse\",\"Pod\":\""
            + Cubes.stored(renewed, CUBE.value(), CubePhase.RUNNING)
            + "\"}");

    ObservedCube cube = ucloud.cloud().renew(CUBE, renewed);

    Map<String, String> form = ucloud.takeForm();
    assertThat(form).containsEntry("Action", "RenewCubePod").containsEntry("CubeId", CUBE.value());
    assertThat(CubeDocumentCodec.parse(Cubes.decodeBase64(form.get("Pod"))).spec())
        .isEqualTo(renewed);
    assertThat(cube.spec()).isEqualTo(renewed);
  }

  @Test
  void renewReadsTheCubeBackWhenTheAnswerCarriesNoDocument() {
    ucloud.answerOk("RenewCubePod");
    ucloud.answer(getAnswer(Cubes.stored(Cubes.nginx("uid-1"), CUBE.value(), CubePhase.RUNNING)));

    ObservedCube cube = ucloud.cloud().renew(CUBE, Cubes.nginx("uid-1"));

    assertThat(cube.status().phase()).isEqualTo(CubePhase.RUNNING);
    assertThat(ucloud.takeForm()).containsEntry("Action", "RenewCubePod");
    assertThat(ucloud.takeForm()).containsEntry("Action", "GetCubePod");
  }

  @Test
  void rebootSendsTheCubeId() {
    ucloud.answerOk("RebootCubePod");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.takeForm())
        .containsEntry("Action", "RebootCubePod")
        .containsEntry("CubeId", CUBE.value());
  }

  @Test
  void extendInfoAsksInBatchesOfCommaSeparatedIds() {
    List<CubeId> ids = IntStream.range(0, 120).mapToObj(i -> CubeId.of("cube-" + i)).toList();
    ucloud.answer(3, "{\"RetCode\":0,\"Action\":\"GetCubeExtendInfoResponse\",\"ExtendInfo\":[]}");

    ucloud.cloud().extendInfo(ids);

    assertThat(ucloud.takeForm().get("CubeIds"))
        .isEqualTo(
            IntStream.range(0, 50).mapToObj(i -> "cube-" + i).collect(Collectors.joining(",")));
    assertThat(ucloud.takeForm().get("CubeIds")).startsWith("cube-50,cube-51,");
    assertThat(ucloud.takeForm().get("CubeIds").split(",")).hasSize(20);
  }

  @Test
  void extendInfoReadsNameTagExpirationAndEips() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubeExtendInfoResponse\",\"ExtendInfo\":["
            + "{\"CubeId\":\"cube-1\",\"Name\":\"nginx\",\"Tag\":\"shop\",\"Expiration\":1798761600,"
            + "\"Eip\":[{\"EIPId\":\"eip-1\",\"EIPAddr\":[{\"IP\":\"106.75.1.2\",\"OperatorName\":\"Bgp\"}],"
            + "\"Bandwidth\":2,\"BandwidthType\":0,\"PayMode\":\"Bandwidth\",\"Status\":\"used\"}]},"
            + "{\"CubeId\":\"cube-2\",\"Name\":\"web\",\"Tag\":\"Default\",\"Expiration\":0}]}");

    List<CubeExtendInfo> infos =
        ucloud.cloud().extendInfo(List.of(CubeId.of("cube-1"), CubeId.of("cube-2")));

    assertThat(infos)
        .containsExactly(
            new CubeExtendInfo(
                CubeId.of("cube-1"),
                "nginx",
                "shop",
                java.util.Optional.of(Instant.parse("2027-01-01T00:00:00Z")),
                List.of(new ElasticIp("eip-1", "106.75.1.2"))),
            new CubeExtendInfo(
                CubeId.of("cube-2"), "web", "Default", java.util.Optional.empty(), List.of()));
  }

  @Test
  void extendInfoOfNoCubesAsksNothing() {
    assertThat(ucloud.cloud().extendInfo(List.of())).isEmpty();
    assertThat(ucloud.requestCount()).isZero();
  }

  @Test
  void metricsConvertPercentOfTheContainersLimitToNanocoresAndKeepMemoryBytes() {
    ucloud.answer(getAnswer(Cubes.stored(Cubes.nginx("uid-1"), CUBE.value(), CubePhase.RUNNING)));
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubeMetricsResponse\",\"DataSets\":["
            + "{\"MetricName\":\"CPUUtilization\",\"Values\":[{\"Value\":25.5,\"Timestamp\":1795000060},"
            + "{\"Value\":50,\"Timestamp\":1795000000}]},"
            + "{\"MetricName\":\"MemUsage\",\"Values\":[{\"Value\":104857600,\"Timestamp\":1795000000},"
            + "{\"Value\":209715200,\"Timestamp\":1795000060}]}]}");
    Instant from = Instant.ofEpochSecond(1794999000);
    Instant to = Instant.ofEpochSecond(1795000100);

    List<UsageSample> samples = ucloud.cloud().metrics(CUBE, "nginx", from, to);

    ucloud.takeForm();
    assertThat(ucloud.takeForm())
        .containsEntry("Action", "GetCubeMetrics")
        .containsEntry("Zone", MockUCloud.ZONE)
        .containsEntry("ResourceId", CUBE.value())
        .containsEntry("MetricName.0", "CPUUtilization")
        .containsEntry("MetricName.1", "MemUsage")
        .containsEntry("BeginTime", "1794999000")
        .containsEntry("EndTime", "1795000100")
        .containsEntry("ContainerName", "nginx");
    // nginx has a 1-core limit: 50 % is half a core, 25.5 % a quarter and a bit.
    assertThat(samples)
        .containsExactly(
            new UsageSample(Instant.ofEpochSecond(1795000000), 500_000_000L, 104_857_600L),
            new UsageSample(Instant.ofEpochSecond(1795000060), 255_000_000L, 209_715_200L));
  }

  @Test
  void metricsOfAContainerTheCubeDoesNotHaveNameTheContainersItHas() {
    ucloud.answer(getAnswer(Cubes.stored(Cubes.nginx("uid-1"), CUBE.value(), CubePhase.RUNNING)));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.metrics(CUBE, "sidecar", Instant.EPOCH, Instant.now()))
        .isInstanceOf(CloudFailure.NotFound.class)
        .hasMessageContaining("no container sidecar; the Cube has nginx");
  }

  @Test
  void offersMetricsOnlyByDefault() {
    assertThat(ucloud.cloud().capabilities()).containsExactly(CloudCapability.METRICS);
  }

  @Test
  void logsAttachPortForwardAndExecAreUnsupportedNamingTheMissingApiWithoutACall() {
    UCloudCubeCloud cloud = ucloud.cloud();
    ExecRequest sh = ExecRequest.of("nginx", List.of("sh"));

    assertThatThrownBy(() -> cloud.logs(CUBE, "nginx", LogOptions.defaults(), null))
        .isInstanceOfSatisfying(
            CloudFailure.Unsupported.class,
            u -> assertThat(u.capability()).isEqualTo(CloudCapability.LOGS))
        .hasMessageContaining("the Cube API has no action that returns container logs");
    assertThatThrownBy(() -> cloud.attach(CUBE, sh, null))
        .isInstanceOfSatisfying(
            CloudFailure.Unsupported.class,
            u -> assertThat(u.capability()).isEqualTo(CloudCapability.ATTACH))
        .hasMessageContaining("no action that attaches");
    assertThatThrownBy(() -> cloud.portForward(CUBE, 8080, null))
        .isInstanceOfSatisfying(
            CloudFailure.Unsupported.class,
            u -> assertThat(u.capability()).isEqualTo(CloudCapability.PORT_FORWARD))
        .hasMessageContaining("port 8080")
        .hasMessageContaining("no port-forward action");
    assertThatThrownBy(() -> cloud.exec(CUBE, sh, null))
        .isInstanceOfSatisfying(
            CloudFailure.Unsupported.class,
            u -> assertThat(u.capability()).isEqualTo(CloudCapability.EXEC))
        .hasMessageContaining("GetCubeExecToken")
        .hasMessageContaining("--ucloud-terminal-exec");
    assertThat(ucloud.requestCount()).isZero();
  }

  @Test
  void sendsTheSecurityTokenOfTemporaryCredentialsUnderTheSignature() {
    ucloud.answerOk("RebootCubePod");

    ucloud
        .builder()
        .credentials(MockUCloud.credentials().withSecurityToken("sts-token-1"))
        .build()
        .reboot(CUBE);

    Map<String, String> form = ucloud.takeForm();
    assertThat(form).containsEntry("SecurityToken", "sts-token-1");
    assertThat(form.get("Signature")).isEqualTo(MockUCloud.expectedSignature(form));
  }

  @Test
  void keepsThePathOfABaseUrlMountedUnderAPrefix() {
    ucloud.answerOk("RebootCubePod");

    ucloud
        .builder()
        .endpoint(ucloud.endpoint().withBaseUrl(ucloud.server.url("/ucloud/api").toString()))
        .build()
        .reboot(CUBE);

    assertThat(ucloud.take().getUrl().encodedPath()).isEqualTo("/ucloud/api/");
  }

  @Test
  void servesManyThreadsAtOnce() throws Exception {
    String answer = getAnswer(Cubes.stored(Cubes.nginx("uid-1"), CUBE.value(), CubePhase.RUNNING));
    ucloud.answer(80, answer);
    UCloudCubeCloud cloud = ucloud.cloud();
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<java.util.Optional<ObservedCube>>> results =
          new java.util.ArrayList<>();
      for (int i = 0; i < 80; i++) {
        results.add(threads.submit(() -> cloud.get(CUBE)));
      }
      for (var result : results) {
        assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(ucloud.requestCount()).isEqualTo(80);
  }

  @Test
  void postsToTheRootOfTheDefaultStyleBaseUrl() {
    ucloud.answerOk("RebootCubePod");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.take().getUrl().encodedPath()).isEqualTo("/");
  }
}
