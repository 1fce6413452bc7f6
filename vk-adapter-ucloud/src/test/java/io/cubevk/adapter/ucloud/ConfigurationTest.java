package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The public configuration types refuse bad settings with messages a person can act on. */
class ConfigurationTest {

  @Test
  void credentialsPrintNoKey() {
    UCloudCredentials credentials =
        UCloudCredentials.of("pub-1", "priv-1").withSecurityToken("token-1");

    assertThat(credentials.toString())
        .isEqualTo(
            "UCloudCredentials{publicKey=<redacted>, privateKey=<redacted>,"
                + " securityToken=<redacted>}");
  }

  @Test
  void anEmptyKeyIsRefusedByName() {
    assertThatThrownBy(() -> UCloudCredentials.of(" ", "priv"))
        .hasMessage("UCloud credentials: publicKey must not be empty");
  }

  @Test
  void theEndpointDefaultsToThePublicApi() {
    UCloudEndpoint endpoint = UCloudEndpoint.of("cn-bj2", "cn-bj2-05");

    assertThat(endpoint.baseUrl()).isEqualTo("https://api.ucloud.cn/");
    assertThat(endpoint.projectId()).isEmpty();
  }

  @Test
  void aBaseUrlWithoutTrailingSlashGetsOne() {
    assertThat(
            UCloudEndpoint.of("cn-bj2", "cn-bj2-05")
                .withBaseUrl("http://10.0.0.1:8080/api")
                .baseUrl())
        .isEqualTo("http://10.0.0.1:8080/api/");
  }

  @Test
  void aBaseUrlThatIsNotHttpIsRefusedWithTheAcceptedForms() {
    assertThatThrownBy(() -> UCloudEndpoint.of("cn-bj2", "cn-bj2-05").withBaseUrl("api.ucloud.cn"))
        .hasMessageContaining("baseUrl 'api.ucloud.cn' is not an absolute http(s) URL")
        .hasMessageContaining("https://api.ucloud.cn/");
  }

  @Test
  void anEmptyRegionIsRefusedWithAnExample() {
    assertThatThrownBy(() -> UCloudEndpoint.of("", "cn-bj2-05"))
        .hasMessage("UCloud endpoint: region must not be empty (e.g. cn-bj2)");
  }

  @Test
  void aRetryPolicyNeedsAtLeastOneAttemptAndACapNotBelowTheBase() {
    assertThatThrownBy(() -> UCloudRetryPolicy.defaults().withMaxAttempts(0))
        .hasMessageContaining("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                UCloudRetryPolicy.defaults()
                    .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxDelay (PT1S) must not be below baseDelay (PT2S)");
  }

  @Test
  void theBackoffCeilingDoublesAndStopsAtTheCap() {
    UCloudRetryPolicy policy =
        UCloudRetryPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoffCeiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoffCeiling(5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.backoffCeiling(1_000_000)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void theBuilderSaysWhatIsMissing() {
    assertThatThrownBy(() -> UCloudCubeCloud.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "UCloudCubeCloud needs credentials(UCloudCredentials.of(publicKey, privateKey))"
                + " and endpoint(UCloudEndpoint.of(region, zone))");
  }
}
