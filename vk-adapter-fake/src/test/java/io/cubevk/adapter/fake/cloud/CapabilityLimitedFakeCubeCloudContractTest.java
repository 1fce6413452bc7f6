package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CubeCloudContractTest;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The port contract against a fake that offers metrics only (as the real UCloud adapter does), so
 * that every other stream is checked to fail {@code Unsupported}; deletes take 3 s here, so the
 * contract also meets Cubes that are still Terminating.
 */
class CapabilityLimitedFakeCubeCloudContractTest extends CubeCloudContractTest {

  @Override
  protected CloudUnderTest startCloud() {
    ManualClock clock = ManualClock.atDefaultStart();
    return new FakeCloudHarness(
        clock,
        FakeCubeCloud.builder()
            .clock(clock)
            .seed(7)
            .createDelay(Duration.ofSeconds(5))
            .deleteDelay(Duration.ofSeconds(3))
            .capabilities(EnumSet.of(CloudCapability.METRICS))
            .build());
  }
}
