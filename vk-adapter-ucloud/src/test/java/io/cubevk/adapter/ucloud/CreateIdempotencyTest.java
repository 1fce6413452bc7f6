package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A create is sent again only when the failure proves the cloud did not act on it; otherwise the
 * caller gets OutcomeUnknown and looks for the Cube by pod uid (cube-api.md, idempotency).
 */
class CreateIdempotencyTest {

  private static final String CREATED =
      "{\"RetCode\":0,\"Action\":\"CreateCubePodResponse\",\"CubeId\":\"cube-new\"}";

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  private CubeId create(UCloudCubeCloud cloud) {
    return cloud.create(
        Cubes.nginx("uid-create"), CubeOptions.defaults(), GoldenExchangeTest.PLACEMENT);
  }

  @Test
  void aCreateWhoseAnswerNeverComesIsOutcomeUnknownAndNotSentAgain() {
    ucloud.enqueue(MockUCloud.json(CREATED).onResponseStart(SocketEffect.Stall.INSTANCE));
    ucloud.answer(CREATED);
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(MockUCloud.policy().withAttemptTimeout(Duration.ofMillis(700)))
            .build();

    assertThatThrownBy(() -> create(cloud))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("CreateCubePod may have been carried out, so it is not sent again")
        .hasMessageContaining("no answer within 700 ms")
        .hasMessageContaining("pod uid");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void aCreateWhoseConnectionDropsAfterSendingIsOutcomeUnknown() {
    ucloud.enqueue(MockUCloud.json(CREATED).onResponseStart(new SocketEffect.CloseSocket()));
    ucloud.answer(CREATED);
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> create(cloud))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("the connection failed after the request was sent");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void aCreateAnsweredByAGatewayErrorIsOutcomeUnknown(int status) {
    ucloud.enqueue(new MockResponse.Builder().code(status));
    ucloud.answer(CREATED);
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> create(cloud))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("HTTP " + status);
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void aCreateAnsweredByAServerErrorRetCodeIsOutcomeUnknown() {
    ucloud.answerRetCode("CreateCubePod", 5001, "internal error");
    ucloud.answer(CREATED);
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> create(cloud))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("RetCode 5001");
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void aCreateAnsweredWithBrokenJsonIsOutcomeUnknown() {
    ucloud.answer("{\"RetCode\":0,\"CubeId\":\"cube-");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> create(cloud)).isInstanceOf(CloudFailure.OutcomeUnknown.class);
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }

  @Test
  void aCreateAnsweredSuccessWithoutCubeIdIsOutcomeUnknown() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"CreateCubePodResponse\"}");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> create(cloud))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("without a CubeId")
        .hasMessageContaining("uid-create");
  }

  @ParameterizedTest
  @ValueSource(ints = {150, 153})
  void aCreateRefusedByUnavailabilityOrRateLimitIsSentAgainUnchanged(int retCode) {
    ucloud.answerRetCode("CreateCubePod", retCode, "try later");
    ucloud.answer(CREATED);

    CubeId id = create(ucloud.cloud());

    assertThat(id).isEqualTo(CubeId.of("cube-new"));
    Map<String, String> first = ucloud.takeForm();
    Map<String, String> second = ucloud.takeForm();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aCreateRefusedWithHttp429IsSentAgain() {
    ucloud.enqueue(new MockResponse.Builder().code(429));
    ucloud.answer(CREATED);

    assertThat(create(ucloud.cloud())).isEqualTo(CubeId.of("cube-new"));
    assertThat(ucloud.requestCount()).isEqualTo(2);
  }

  @Test
  void aCreateThatCouldNotConnectIsRetriedBecauseNothingWasSent() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .endpoint(ucloud.endpoint().withBaseUrl("http://127.0.0.1:" + closedPort + "/"))
            .build();

    assertThatThrownBy(() -> create(cloud))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("cannot reach");
    assertThat(ucloud.time.sleeps()).hasSize(5);
  }

  @Test
  void aReadWhoseAnswerIsLostIsRetried() {
    ucloud.enqueue(MockUCloud.json("{}").onResponseStart(new SocketEffect.CloseSocket()));
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"GetCubePodResponse\",\"Pod\":\""
            + Cubes.stored(Cubes.nginx("uid-1"), "cube-1", CubePhase.RUNNING)
            + "\"}");

    assertThat(ucloud.cloud().get(CubeId.of("cube-1"))).isPresent();
    assertThat(ucloud.requestCount()).isEqualTo(2);
  }

  @Test
  void anEipAllocationWhoseAnswerIsLostIsOutcomeUnknownToo() {
    ucloud.enqueue(new MockResponse.Builder().code(504));
    UCloudCubeCloud cloud = ucloud.cloud();
    EipOptions eip =
        new EipOptions.Builder()
            .payMode(EipPayMode.BANDWIDTH)
            .bandwidth(2)
            .chargeType(EipChargeType.DYNAMIC)
            .quantity(1)
            .releaseOnDelete(true)
            .build();

    assertThatThrownBy(() -> cloud.allocate(eip)).isInstanceOf(CloudFailure.OutcomeUnknown.class);
    assertThat(ucloud.requestCount()).isEqualTo(1);
  }
}
