package io.cubevk.app.chaos;

import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.ucloudapi.UCloudApiEmulator;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudCubeCloud;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.adapter.ucloud.UCloudRetryPolicy;
import java.time.Duration;

/**
 * The cloud a chaos run gives the agent, and the fake cloud behind it where faults are injected and
 * the invariants read: either the fake cloud's port itself, or the real UCloud adapter talking HTTP
 * to the UCloud API emulator over the fake (so RetCodes, timeouts and reset connections go through
 * the adapter's own retry and classification).
 */
interface ChaosCloud extends AutoCloseable {

  /** A Cube takes this long to start: short, so hundreds of lifecycles fit in the time. */
  Duration CREATE_DELAY = Duration.ofMillis(100);

  /** A deleted Cube shows Terminating this long, as a real one does for a while. */
  Duration DELETE_DELAY = Duration.ofMillis(150);

  /** The fake cloud: faults, call log and the Cubes that exist. */
  FakeCubeCloud fake();

  /** What the agent is given (implements the cloud ports). */
  Object ports();

  String describe();

  @Override
  void close();

  /** The agent calls the fake cloud's port directly. */
  static ChaosCloud fakePort(long seed) {
    FakeCubeCloud fake =
        FakeCubeCloud.builder()
            .createDelay(CREATE_DELAY)
            .deleteDelay(DELETE_DELAY)
            .seed(seed)
            .build();
    return new ChaosCloud() {
      @Override
      public FakeCubeCloud fake() {
        return fake;
      }

      @Override
      public Object ports() {
        return fake;
      }

      @Override
      public String describe() {
        return "fake cloud port";
      }

      @Override
      public void close() {
        fake.close();
      }
    };
  }

  /**
   * The agent calls the UCloud adapter, signing with a planted private key, over HTTP to the
   * emulator. Attempts time out after 1 s and a call gives up after 4 s, so the injected timeouts
   * and outages exercise the adapter's retries without holding the engine's workers for long.
   */
  static ChaosCloud ucloudAdapter(long seed, PlantedSecrets secrets) {
    String publicKey = "chaos-public-key";
    String privateKey = secrets.fresh("the UCloud private key", "ucloud-private-");
    FakeCubeCloud fake =
        FakeCubeCloud.builder()
            .createDelay(CREATE_DELAY)
            .deleteDelay(DELETE_DELAY)
            .seed(seed)
            .build();
    UCloudApiEmulator emulator =
        UCloudApiEmulator.builder(fake).keyPair(publicKey, privateKey).start();
    UCloudCubeCloud adapter =
        UCloudCubeCloud.builder()
            .credentials(UCloudCredentials.of(publicKey, privateKey))
            .endpoint(
                UCloudEndpoint.of("cn-bj2", "cn-bj2-05")
                    .withProjectId("org-chaos")
                    .withBaseUrl(emulator.baseUrl().toString()))
            .retryPolicy(
                UCloudRetryPolicy.defaults()
                    .withMaxAttempts(3)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                    .withAttemptTimeout(Duration.ofSeconds(1))
                    .withCallDeadline(Duration.ofSeconds(4)))
            .rateLimit(Double.POSITIVE_INFINITY)
            .build();
    return new ChaosCloud() {
      @Override
      public FakeCubeCloud fake() {
        return fake;
      }

      @Override
      public Object ports() {
        return adapter;
      }

      @Override
      public String describe() {
        return "UCloud adapter over the UCloud API emulator";
      }

      @Override
      public void close() {
        emulator.close();
        fake.close();
      }
    };
  }
}
