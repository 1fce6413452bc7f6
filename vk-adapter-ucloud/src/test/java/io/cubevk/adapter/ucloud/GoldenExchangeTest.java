package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The golden exchanges of cube-api.md, byte for byte where the document gives bytes. */
class GoldenExchangeTest {

  static final String POD_UID = "5f0c6a9e-1b2c-4d3e-8f70-0a1b2c3d4e5f";
  static final Placement PLACEMENT =
      Placement.of("cn-bj2-05", "uvnet-abc", "subnet-def", "uk8s-abcd1234-vk-x1y2z");

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  @Test
  void sendsTheGoldenCreateWithTheCubeDocumentAsBase64YamlAndAValidSignature() throws IOException {
    CubeSpec spec = Cubes.nginx(POD_UID);
    ucloud.answer(
        golden("create-cube-pod.response.json")
            .replace("${POD}", Cubes.stored(spec, "cube-k3j2h1g0", CubePhase.PENDING)));

    CubeId id = ucloud.cloud().create(spec, CubeOptions.defaults(), PLACEMENT);

    Map<String, String> form = ucloud.takeForm();
    Map<String, String> withoutPodAndSignature = new LinkedHashMap<>(form);
    String pod = withoutPodAndSignature.remove("Pod");
    String signature = withoutPodAndSignature.remove("Signature");
    assertThat(withoutPodAndSignature)
        .containsExactlyInAnyOrderEntriesOf(goldenFields("create-cube-pod.request.properties"));
    assertThat(CubeDocumentCodec.parse(Cubes.decodeBase64(pod)).spec()).isEqualTo(spec);
    assertThat(signature).isEqualTo(MockUCloud.expectedSignature(form));
    assertThat(id).isEqualTo(CubeId.of("cube-k3j2h1g0"));
  }

  @Test
  void sendsTheFieldsSortedSoTheBodyReadsLikeTheSignedString() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"CreateCubePodResponse\",\"CubeId\":\"cube-k3j2h1g0\"}");

    ucloud.cloud().create(Cubes.nginx(POD_UID), CubeOptions.defaults(), PLACEMENT);

    assertThat(ucloud.takeForm().keySet())
        .containsExactly(
            "Action",
            "ChargeType",
            "Group",
            "Name",
            "Pod",
            "ProjectId",
            "PublicKey",
            "Quantity",
            "Region",
            "SubnetId",
            "Tag",
            "VPCId",
            "Zone",
            "Signature");
  }

  @Test
  void turnsTheGoldenRefusalIntoACredentialsRejectedFailureWithoutRetrying() throws IOException {
    ucloud.answer(golden("create-cube-pod.refusal.json"));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.create(Cubes.nginx(POD_UID), CubeOptions.defaults(), PLACEMENT))
        .isInstanceOf(CloudFailure.Unauthorized.class)
        .hasMessageContaining("CreateCubePod")
        .hasMessageContaining("credentials rejected")
        .hasMessageContaining("RetCode 171: Signature VerifyAC Error");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void pagesTheGoldenListOfTwoHundredThirtyCubesWithLimitHundredUntilTotalCount()
      throws IOException {
    String template = golden("list-cube-pod.page.json");
    ucloud.answer(template.replace("${PODS}", pods(0, 100)));
    ucloud.answer(template.replace("${PODS}", pods(100, 200)));
    ucloud.answer(template.replace("${PODS}", pods(200, 230)));

    List<ObservedCube> cubes = ucloud.cloud().list("uk8s-abcd1234-vk-x1y2z");

    Map<String, String> first = ucloud.takeForm();
    assertThat(first)
        .containsEntry("Action", "ListCubePod")
        .containsEntry("Group", "uk8s-abcd1234-vk-x1y2z")
        .containsEntry("Offset", "0")
        .containsEntry("Limit", "100");
    assertThat(first.get("Signature")).isEqualTo(MockUCloud.expectedSignature(first));
    assertThat(ucloud.takeForm()).containsEntry("Offset", "100").containsEntry("Limit", "100");
    assertThat(ucloud.takeForm()).containsEntry("Offset", "200").containsEntry("Limit", "100");
    assertThat(ucloud.requestCount()).isEqualTo(3);
    assertThat(cubes).hasSize(230);
    assertThat(cubes.get(229).cubeId()).isEqualTo(CubeId.of("cube-229"));
    assertThat(cubes.get(229).podUid()).isEqualTo(PodUid.of("uid-229"));
    assertThat(cubes.get(229).status().phase()).isEqualTo(CubePhase.RUNNING);
  }

  private static String pods(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(
            i -> '"' + Cubes.stored(Cubes.nginx("uid-" + i), "cube-" + i, CubePhase.RUNNING) + '"')
        .collect(Collectors.joining(",", "[", "]"));
  }

  static String golden(String name) throws IOException {
    try (InputStream in = GoldenExchangeTest.class.getResourceAsStream("golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private static Map<String, String> goldenFields(String name) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(golden(name)));
    Map<String, String> fields = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> fields.put(k, properties.getProperty(k)));
    return fields;
  }
}
