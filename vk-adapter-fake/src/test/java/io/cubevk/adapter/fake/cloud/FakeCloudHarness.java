package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.CubeCloudContractTest;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import java.time.Duration;

/** The fake cloud as the contract test drives it: a manual clock and the fake's own faults. */
final class FakeCloudHarness implements CubeCloudContractTest.CloudUnderTest {

  final ManualClock clock;
  final FakeCubeCloud fake;

  FakeCloudHarness(ManualClock clock, FakeCubeCloud fake) {
    this.clock = clock;
    this.fake = fake;
  }

  @Override
  public CubeCloud cloud() {
    return fake;
  }

  @Override
  public ElasticIps elasticIps() {
    return fake;
  }

  @Override
  public Disks disks() {
    return fake;
  }

  @Override
  public CubeCloud direct() {
    return fake;
  }

  @Override
  public String provisionDisk() {
    return fake.diskInventory().create();
  }

  @Override
  public void inject(CubeCloudContractTest.InjectedFault fault) {
    Faults faults = fake.faults();
    switch (fault) {
      case UNAVAILABLE -> faults.add(FaultRule.retCode(RetCodes.SERVICE_UNAVAILABLE));
      case THROTTLED -> faults.add(FaultRule.retCode(RetCodes.RATE_LIMITED));
      case UNAUTHORIZED -> faults.add(FaultRule.retCode(RetCodes.SIGNATURE_ERROR));
      case REJECTED -> faults.limitCubes(0);
      case OUTAGE -> faults.outage();
      case LOSE_CREATE_ANSWERS ->
          faults.add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD));
    }
  }

  @Override
  public void clearFaults() {
    fake.faults().clear();
  }

  @Override
  public void letTimePass(Duration duration) {
    clock.advance(duration);
  }

  @Override
  public void beforeNextListPages(int pages, Runnable action) {
    fake.faults().add(FaultRule.hook(action).on(CloudAction.LIST_CUBE_POD).times(pages));
  }

  @Override
  public void close() {
    fake.close();
  }
}
