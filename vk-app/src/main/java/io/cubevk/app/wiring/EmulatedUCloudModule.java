package io.cubevk.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.ucloudapi.UCloudApiEmulator;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudCubeCloud;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;

/**
 * The real UCloud adapter talking HTTP to the UCloud API emulator, which serves the fake cloud
 * ({@code cube-vk sandbox --cloud emulator}): signatures, paging and retries run as against the
 * real API. The caller starts the emulator (it listens on a port) and closes it and the fake cloud
 * after the agent stopped; the fake cloud stays bound for readers such as the sandbox's table.
 */
public final class EmulatedUCloudModule extends AbstractModule {

  private final FakeCubeCloud cloud;
  private final UCloudApiEmulator emulator;
  private final UCloudCredentials credentials;
  private final UCloudEndpoint endpoint;

  /**
   * @param credentials a key pair the emulator was built with
   * @param endpoint region, zone and project; its base URL is replaced by the emulator's
   */
  public EmulatedUCloudModule(
      FakeCubeCloud cloud,
      UCloudApiEmulator emulator,
      UCloudCredentials credentials,
      UCloudEndpoint endpoint) {
    this.cloud = cloud;
    this.emulator = emulator;
    this.credentials = credentials;
    this.endpoint = endpoint;
  }

  @Override
  protected void configure() {
    bind(FakeCubeCloud.class).toInstance(cloud);
    bind(CubeCloud.class).annotatedWith(CloudAdapter.class).to(UCloudCubeCloud.class);
    bind(ElasticIps.class).annotatedWith(CloudAdapter.class).to(UCloudCubeCloud.class);
    bind(Disks.class).annotatedWith(CloudAdapter.class).to(UCloudCubeCloud.class);
  }

  @Provides
  @Singleton
  UCloudCubeCloud adapter() {
    return UCloudCubeCloud.builder()
        .credentials(credentials)
        .endpoint(endpoint.withBaseUrl(emulator.baseUrl().toString()))
        // The emulator shares the fake cloud's own limits; a second limiter would only slow
        // the sandbox down.
        .rateLimit(Double.POSITIVE_INFINITY)
        .build();
  }
}
