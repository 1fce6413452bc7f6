package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.ports.out.cloud.CloudFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetCodeTableTest {

  @Test
  void serviceUnavailableIsRetryableAndProvesTheCloudDidNothing() {
    var classified =
        RetCodeTable.classify(UCloudAction.CREATE_CUBE_POD, "CreateCubePod", 150, "busy");

    assertThat(classified.failure()).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(classified.failure().retryable()).isTrue();
    assertThat(classified.cloudMayHaveActed()).isFalse();
  }

  @Test
  void rateLimitIsThrottledWithoutARetryAfterOfItsOwn() {
    var classified = RetCodeTable.classify(UCloudAction.LIST_CUBE_POD, "ListCubePod", 153, "");

    assertThat(classified.failure())
        .isInstanceOfSatisfying(
            CloudFailure.Throttled.class, t -> assertThat(t.retryAfter()).isEmpty());
    assertThat(classified.cloudMayHaveActed()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {171, 172, 292, 295, 299})
  void credentialCodesAreUnauthorizedWithACredentialsRejectedMessage(int code) {
    var classified = RetCodeTable.classify(UCloudAction.GET_CUBE_POD, "GetCubePod", code, "no");

    assertThat(classified.failure())
        .isInstanceOf(CloudFailure.Unauthorized.class)
        .hasMessageContaining("credentials rejected")
        .hasMessageContaining("RetCode " + code);
    assertThat(classified.failure().retryable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {170, 173, 291, 300})
  void codesNextToTheCredentialRangesAreOrdinaryRejections(int code) {
    var classified = RetCodeTable.classify(UCloudAction.GET_CUBE_POD, "GetCubePod", code, "no");

    assertThat(classified.failure())
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("" + code));
  }

  @Test
  void theAssumedNotFoundCodeIsNotFoundForAnActionOnAnExistingCubeAlthoughAboveTwoThousand() {
    var classified =
        RetCodeTable.classify(
            UCloudAction.DELETE_CUBE_POD, "DeleteCubePod CubeId=cube-1", 8404, "");

    assertThat(classified.failure())
        .isInstanceOf(CloudFailure.NotFound.class)
        .hasMessageStartingWith("DeleteCubePod CubeId=cube-1: not found");
  }

  @Test
  void aNotFoundMessageWithAnotherCodeIsNotFoundToo() {
    var classified =
        RetCodeTable.classify(UCloudAction.RELEASE_EIP, "ReleaseEIP", 8039, "EIP does not exist");

    assertThat(classified.failure()).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void notFoundNeverAppliesToAListOrACreate() {
    assertThat(
            RetCodeTable.classify(UCloudAction.LIST_CUBE_POD, "ListCubePod", 8404, "not found")
                .failure())
        .isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(
            RetCodeTable.classify(
                    UCloudAction.CREATE_CUBE_POD, "CreateCubePod", 230, "subnet not found")
                .failure())
        .isInstanceOf(CloudFailure.Rejected.class);
  }

  @Test
  void aRateLimitSayingNotFoundStaysARateLimit() {
    assertThat(
            RetCodeTable.classify(UCloudAction.GET_CUBE_POD, "GetCubePod", 153, "quota not found")
                .failure())
        .isInstanceOf(CloudFailure.Throttled.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {2000, 5000, 9999})
  void serverErrorsAreRetryableButTheCloudMayHaveActed(int code) {
    var classified = RetCodeTable.classify(UCloudAction.CREATE_CUBE_POD, "CreateCubePod", code, "");

    assertThat(classified.failure()).isInstanceOf(CloudFailure.Unavailable.class);
    assertThat(classified.cloudMayHaveActed()).isTrue();
  }

  @Test
  void otherCodesAreRejectedWithTheCloudsMessageAndCode() {
    var classified =
        RetCodeTable.classify(
            UCloudAction.CREATE_CUBE_POD, "CreateCubePod", 230, "Params [Pod] not available");

    assertThat(classified.failure())
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class, r -> assertThat(r.code()).isEqualTo("230"))
        .hasMessage("CreateCubePod: rejected by UCloud (RetCode 230: Params [Pod] not available)");
  }
}
