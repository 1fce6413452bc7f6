package io.cubevk.app.it;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.adapter.fake.cloud.ManualClock;
import io.cubevk.adapter.fake.cloud.RetCodes;
import io.cubevk.adapter.fake.ucloudapi.UCloudApiEmulator;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudCubeCloud;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.CubeCloudContractTest;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import java.time.Duration;

/**
 * The cloud port's contract run against the real UCloud adapter, end to end over HTTP: adapter →
 * UCloud API emulator (signature checks, paging, RetCodes) → fake cloud. The adapter is built as
 * production builds it except for the base URL, no client-side rate limit and a sleeper that does
 * not wait: the contract's faults are persistent, so retries could only add time.
 */
class UCloudAdapterContractTest extends CubeCloudContractTest {

  private static final String PUBLIC_KEY = "contract-public-key";
  private static final String PRIVATE_KEY = "contract-private-key";

  @Override
  protected CloudUnderTest startCloud() {
    ManualClock clock = ManualClock.atDefaultStart();
    FakeCubeCloud fake =
        FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(1)).seed(5).build();
    UCloudApiEmulator emulator =
        UCloudApiEmulator.builder(fake).keyPair(PUBLIC_KEY, PRIVATE_KEY).start();
    UCloudCubeCloud adapter =
        UCloudCubeCloud.builder()
            .credentials(UCloudCredentials.of(PUBLIC_KEY, PRIVATE_KEY))
            .endpoint(
                UCloudEndpoint.of("cn-bj2", "cn-bj2-05")
                    .withProjectId("org-contract")
                    .withBaseUrl(emulator.baseUrl().toString()))
            .rateLimit(Double.POSITIVE_INFINITY)
            .sleeper(d -> {})
            .build();
    return new CloudUnderTest() {
      @Override
      public CubeCloud cloud() {
        return adapter;
      }

      @Override
      public ElasticIps elasticIps() {
        return adapter;
      }

      @Override
      public Disks disks() {
        return adapter;
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
