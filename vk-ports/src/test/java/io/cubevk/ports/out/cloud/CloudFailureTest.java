package io.cubevk.ports.out.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudFailureTest {

  @Test
  void transientFailuresAreRetryable() {
    assertThat(new CloudFailure.Unavailable("GetCubePod: down").retryable()).isTrue();
    assertThat(new CloudFailure.Throttled("ListCubePod: slow down", Optional.empty()).retryable())
        .isTrue();
    assertThat(new CloudFailure.OutcomeUnknown("CreateCubePod: no answer", null).retryable())
        .isTrue();
  }

  @Test
  void permanentFailuresAreNotRetryable() {
    assertThat(new CloudFailure.Rejected("230", "CreateCubePod: bad size").retryable()).isFalse();
    assertThat(new CloudFailure.Unauthorized("CreateCubePod: signature").retryable()).isFalse();
    assertThat(new CloudFailure.NotFound("DeleteCubePod: no such Cube").retryable()).isFalse();
    assertThat(new CloudFailure.Unsupported(CloudCapability.LOGS, "no public log API").retryable())
        .isFalse();
  }

  @Test
  void throttledKeepsTheRetryAfterTheCloudGave() {
    assertThat(new CloudFailure.Throttled("x", Optional.of(Duration.ofSeconds(3))).retryAfter())
        .contains(Duration.ofSeconds(3));
    assertThat(new CloudFailure.Throttled("x", Optional.empty()).retryAfter()).isEmpty();
  }

  @Test
  void rejectedAndUnsupportedCarryTheirDetail() {
    assertThat(new CloudFailure.Rejected("230", "m").code()).isEqualTo("230");
    assertThat(new CloudFailure.Unsupported(CloudCapability.EXEC, "m").capability())
        .isEqualTo(CloudCapability.EXEC);
  }
}
