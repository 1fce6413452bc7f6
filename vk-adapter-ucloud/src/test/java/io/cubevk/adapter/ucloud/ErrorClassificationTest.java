package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the error table, seen through the port over HTTP. */
class ErrorClassificationTest {

  private static final CubeId CUBE = CubeId.of("cube-k3j2h1g0");

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  private void answerCube() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubePodResponse\",\"Pod\":\""
            + Cubes.stored(Cubes.nginx("uid-1"), CUBE.value(), CubePhase.RUNNING)
            + "\"}");
  }

  @Test
  void retriesServiceUnavailableAfterTheFirstBackoffAndReturnsTheAnswer() {
    ucloud.answerRetCode("GetCubePod", 150, "service unavailable");
    answerCube();

    assertThat(ucloud.cloud().get(CUBE))
        .get()
        .extracting(c -> c.status().phase())
        .isEqualTo(CubePhase.RUNNING);
    assertThat(ucloud.requestCount()).isEqualTo(2);
    assertThat(ucloud.time.sleeps()).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void aPersistentRateLimitEndsThrottledAfterEveryAttemptWithGrowingBackoff() {
    ucloud.answer(6, "{\"RetCode\":153,\"Action\":\"GetCubePodResponse\",\"Message\":\"limit\"}");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.get(CUBE))
        .isInstanceOf(CloudFailure.Throttled.class)
        .hasMessageContaining("GetCubePod CubeId=cube-k3j2h1g0: rate limited by UCloud")
        .hasMessageContaining("gave up after 6 attempts");
    assertThat(ucloud.time.sleeps())
        .containsExactly(
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4));
  }

  @ParameterizedTest
  @ValueSource(ints = {171, 172, 292, 299})
  void credentialErrorsAreUnauthorizedAndNeverRetried(int code) {
    ucloud.answerRetCode("GetCubePod", code, "denied");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.get(CUBE))
        .isInstanceOf(CloudFailure.Unauthorized.class)
        .hasMessageContaining("credentials rejected");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void getOfAMissingCubeIsEmpty() {
    ucloud.answerRetCode("GetCubePod", 8404, "cube not found");

    assertThat(ucloud.cloud().get(CUBE)).isEmpty();
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void findByPodUidOfAPodWithoutCubeIsEmpty() {
    ucloud.answerRetCode("GetCubePod", 8404, "cube not found");

    assertThat(ucloud.cloud().findByPodUid(PodUid.of("uid-1"))).isEmpty();
  }

  @Test
  void deleteOfAMissingCubeIsNotFoundAsThePortPromises() {
    ucloud.answerRetCode("DeleteCubePod", 8404, "cube not found");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.delete(CUBE, false))
        .isInstanceOf(CloudFailure.NotFound.class)
        .hasMessageContaining("DeleteCubePod CubeId=cube-k3j2h1g0: not found");
  }

  @Test
  void aServerErrorIsRetriedForAnIdempotentCall() {
    ucloud.answerRetCode("DeleteCubePod", 5000, "internal error");
    ucloud.answerOk("DeleteCubePod");

    ucloud.cloud().delete(CUBE, true);

    assertThat(ucloud.requestCount()).isEqualTo(2);
  }

  @Test
  void anyOtherCodeIsRejectedAtOnceWithTheCloudsMessage() {
    ucloud.answerRetCode("RebootCubePod", 230, "Params [CubeId] not available");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("230"))
        .hasMessage(
            "RebootCubePod CubeId=cube-k3j2h1g0: rejected by UCloud"
                + " (RetCode 230: Params [CubeId] not available)");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void readsARetCodeSentAsAString() {
    ucloud.answerRetCode("RebootCubePod", "171", "Signature VerifyAC Error");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.reboot(CUBE)).isInstanceOf(CloudFailure.Unauthorized.class);
  }

  @Test
  void readsASuccessSentAsTheStringZero() {
    ucloud.answer("{\"RetCode\":\"0\",\"Action\":\"RebootCubePodResponse\"}");

    ucloud.cloud().reboot(CUBE);

    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void gatewayErrorsAreRetriedForAnIdempotentCall(int status) {
    ucloud.enqueue(new MockResponse.Builder().code(status).body("<html>bad gateway</html>"));
    answerCube();

    assertThat(ucloud.cloud().get(CUBE)).isPresent();
    assertThat(ucloud.requestCount()).isEqualTo(2);
  }

  @Test
  void http429IsThrottledAndItsRetryAfterSetsTheWait() {
    ucloud.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7"));
    answerCube();

    assertThat(ucloud.cloud().get(CUBE)).isPresent();
    assertThat(ucloud.time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void anHttpErrorCarryingTheEnvelopeIsClassifiedByItsRetCode() {
    ucloud.enqueue(
        MockUCloud.json(
                "{\"RetCode\":230,\"Action\":\"RebootCubePodResponse\",\"Message\":\"bad\"}")
            .code(400));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("230"));
  }

  @Test
  void http403WithoutEnvelopeIsUnauthorized() {
    ucloud.enqueue(new MockResponse.Builder().code(403).body("Forbidden"));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Unauthorized.class)
        .hasMessageContaining("HTTP 403");
  }

  @Test
  void otherHttpErrorsAreRejectedNamingTheStatusAndWhatIsAccepted() {
    ucloud.enqueue(new MockResponse.Builder().code(404).body("no such path"));
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.reboot(CUBE))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("accepted is HTTP 200 with RetCode 0");
  }

  @Test
  void aRefusedConnectionIsUnavailableAndRetriedUntilTheAttemptsRunOut() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .endpoint(ucloud.endpoint().withBaseUrl("http://127.0.0.1:" + closedPort + "/"))
            .build();

    assertThatThrownBy(() -> cloud.get(CUBE))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("cannot reach 127.0.0.1")
        .hasMessageContaining("gave up after 6 attempts");
    assertThat(ucloud.time.sleeps()).hasSize(5);
  }
}
