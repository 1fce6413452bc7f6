package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.CubeCloudContractTest;
import java.time.Duration;

/** The port contract against the fake cloud with every capability and a 1 s create delay. */
class FakeCubeCloudContractTest extends CubeCloudContractTest {

  @Override
  protected CloudUnderTest startCloud() {
    ManualClock clock = ManualClock.atDefaultStart();
    return new FakeCloudHarness(
        clock,
        FakeCubeCloud.builder().clock(clock).seed(42).createDelay(Duration.ofSeconds(1)).build());
  }
}
