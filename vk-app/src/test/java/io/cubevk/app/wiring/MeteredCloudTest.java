package io.cubevk.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.RetCodes;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MeteredCloudTest {

  private final FakeCubeCloud cloud = FakeCubeCloud.builder().createDelay(Duration.ZERO).build();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final MeteredCloud metered =
      new MeteredCloud(
          cloud,
          cloud,
          cloud,
          (action, outcome, nanos) -> {
            assertThat(nanos).isNotNegative();
            calls.add(action + " " + outcome);
          });

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void eachCallIsCountedByActionAndOutcomeAndFailuresStillReachTheCaller() {
    metered.list("uk8s-abcd1234-vk-aaaaa");
    metered.get(CubeId.of("cube-nope"));
    cloud
        .faults()
        .add(
            FaultRule.retCode(RetCodes.SERVICE_UNAVAILABLE).on(CloudAction.LIST_CUBE_POD).times(1));
    assertThatThrownBy(() -> metered.list("uk8s-abcd1234-vk-aaaaa"))
        .isInstanceOf(CloudFailure.Unavailable.class);
    cloud
        .faults()
        .add(FaultRule.retCode(RetCodes.RATE_LIMITED).on(CloudAction.RELEASE_EIP).times(1));
    assertThatThrownBy(() -> metered.release("eip-x")).isInstanceOf(CloudFailure.Throttled.class);
    assertThatThrownBy(() -> metered.delete("bsm-missing")).isInstanceOf(CloudFailure.class);

    assertThat(calls)
        .containsExactly(
            "list ok",
            "get ok",
            "list unavailable",
            "release_eip throttled",
            "delete_disk not_found");
  }

  @Test
  void capabilitiesAreAPropertyNotACall() {
    assertThat(metered.capabilities()).isEqualTo(cloud.capabilities());
    assertThat(calls).isEmpty();
  }
}
