package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.ports.out.cloud.CloudFailure;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Answers that are not UCloud's envelope, or not a Cube document, fail clearly. */
class AnswerValidationTest {

  private static final CubeId CUBE = CubeId.of("cube-1");

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  private UCloudCubeCloud oneAttempt() {
    return ucloud.builder().retryPolicy(UCloudRetryPolicy.noRetries()).build();
  }

  @Test
  void malformedJsonIsUnavailableNamingTheAction() {
    ucloud.answer("{\"RetCode\": 0, \"Pod\": ");
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.get(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageStartingWith("GetCubePod CubeId=cube-1: answered with something that is not")
        .hasMessageContaining("JSON envelope");
  }

  @Test
  void malformedJsonIsRetriedLikeAnyUnavailability() {
    ucloud.answer("<<<");
    ucloud.answerOk("RebootCubePod");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.requestCount()).isEqualTo(2);
  }

  @Test
  void anHtmlPageWithStatus200IsNotAnAnswer() {
    ucloud.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/html; charset=utf-8")
            .body("<html><body>Please log in to the Wi-Fi</body></html>"));
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("answered with Content-Type 'text/html; charset=utf-8'")
        .hasMessageContaining("accepted is application/json");
  }

  @Test
  void anAnswerWithoutContentTypeIsNotAnAnswer() {
    ucloud.enqueue(new MockResponse.Builder().body("{\"RetCode\":0}"));
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("Content-Type (none)");
  }

  @Test
  void anAnswerDeclaredLargerThanTheLimitIsRefusedBeforeReading() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"RebootCubePodResponse\",\"Pad\":\""
            + "x".repeat(10_000)
            + "\"}");
    UCloudCubeCloud cloud =
        ucloud.builder().retryPolicy(UCloudRetryPolicy.noRetries()).maxResponseBytes(4096).build();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("answer too large (10")
        .hasMessageContaining("bytes declared); accepted are up to 4096 bytes");
  }

  @Test
  void aChunkedAnswerGrowingPastTheLimitIsCutOff() {
    ucloud.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .chunkedBody(
                "{\"RetCode\":0,\"Action\":\"RebootCubePodResponse\",\"Pad\":\""
                    + "x".repeat(10_000)
                    + "\"}",
                1024));
    UCloudCubeCloud cloud =
        ucloud.builder().retryPolicy(UCloudRetryPolicy.noRetries()).maxResponseBytes(4096).build();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("more than 4096 bytes read");
  }

  @Test
  void aLargeAnswerWithinTheLimitIsRead() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"RebootCubePodResponse\",\"Pad\":\""
            + "x".repeat(3_000_000)
            + "\"}");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void jsonWithoutRetCodeIsNotTheEnvelope() {
    ucloud.answer("{\"Action\":\"RebootCubePodResponse\"}");
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("answered without a RetCode");
  }

  @Test
  void anAnswerToAnotherActionIsNotTaken() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"DeleteCubePodResponse\"}");
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("answered as Action 'DeleteCubePodResponse'")
        .hasMessageContaining("expected RebootCubePodResponse");
  }

  @Test
  void unknownFieldsAreIgnored() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"RebootCubePodResponse\",\"RequestUUID\":\"x\",\"New\":{}}");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void aPodThatIsNotBase64NamesTheActionAndField() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"GetCubePodResponse\",\"Pod\":\"%%%\"}");
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.get(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageStartingWith("GetCubePod CubeId=cube-1: field Pod is not base64")
        .hasMessageContaining("accepted is a base64 Cube document");
  }

  @Test
  void aPodThatIsNotACubeDocumentNamesTheActionAndField() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubePodResponse\",\"Pod\":\""
            + Cubes.base64("- just\n- a list\n")
            + "\"}");
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.get(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("GetCubePod CubeId=cube-1: field Pod is not a readable Cube document")
        .hasMessageContaining("expected a mapping");
  }

  @Test
  void aListPageWithoutTotalCountIsRefused() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"ListCubePodResponse\",\"Pods\":[]}");
    UCloudCubeCloud cloud = oneAttempt();

    assertThatThrownBy(() -> cloud.list("g"))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("TotalCount is missing");
  }
}
