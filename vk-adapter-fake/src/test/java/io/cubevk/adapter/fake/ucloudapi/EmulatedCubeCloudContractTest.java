package io.cubevk.adapter.fake.ucloudapi;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.ManualClock;
import io.cubevk.adapter.fake.cloud.RetCodes;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.CubeCloudContractTest;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import java.time.Duration;

/**
 * The port contract through HTTP: a plain reference client ({@link ReferenceHttpCubeCloud}) over
 * the emulator over the fake cloud. It shows the emulator carries every contract case the real
 * UCloud adapter will meet in vk-app (the harness there is built the same way, see
 * docs/fake-cloud.md).
 */
class EmulatedCubeCloudContractTest extends CubeCloudContractTest {

  @Override
  protected CloudUnderTest startCloud() {
    ManualClock clock = ManualClock.atDefaultStart();
    FakeCubeCloud fake =
        FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(1)).seed(9).build();
    UCloudApiEmulator emulator =
        UCloudApiEmulator.builder(fake)
            .keyPair(ApiClient.PUBLIC_KEY, ApiClient.PRIVATE_KEY)
            .start();
    ReferenceHttpCubeCloud client =
        new ReferenceHttpCubeCloud(emulator.baseUrl(), ApiClient.PUBLIC_KEY, ApiClient.PRIVATE_KEY);
    return new CloudUnderTest() {
      @Override
      public CubeCloud cloud() {
        return client;
      }

      @Override
      public ElasticIps elasticIps() {
        return client;
      }

      @Override
      public Disks disks() {
        return client;
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
      public void inject(InjectedFault fault) {
        switch (fault) {
          case UNAVAILABLE -> fake.faults().add(FaultRule.retCode(RetCodes.SERVICE_UNAVAILABLE));
          case THROTTLED -> fake.faults().add(FaultRule.retCode(RetCodes.RATE_LIMITED));
          case UNAUTHORIZED -> fake.faults().add(FaultRule.retCode(RetCodes.SIGNATURE_ERROR));
          case REJECTED -> fake.faults().limitCubes(0);
          case OUTAGE -> fake.faults().outage();
          case LOSE_CREATE_ANSWERS ->
              fake.faults().add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD));
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
        emulator.close();
        fake.close();
      }
    };
  }
}
