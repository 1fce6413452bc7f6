package io.cubevk.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudCubeCloud;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;

/** The real Cube API through the UCloud adapter (Retrofit over OkHttp). */
public final class UCloudCloudModule extends AbstractModule {

  /**
   * @param terminalExec exec through Cube's web terminal, whose protocol is an assumption ({@code
   *     --ucloud-terminal-exec})
   * @param callsPerSecond the client-side rate limit, retries included
   */
  public record Options(boolean terminalExec, double callsPerSecond) {
    public static Options defaults() {
      return new Options(false, UCloudCubeCloud.Builder.DEFAULT_CALLS_PER_SECOND);
    }
  }

  private final UCloudCredentials credentials;
  private final UCloudEndpoint endpoint;
  private final Options options;

  public UCloudCloudModule(
      UCloudCredentials credentials, UCloudEndpoint endpoint, Options options) {
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.options = options;
  }

  @Override
  protected void configure() {
    bind(CubeCloud.class).annotatedWith(CloudAdapter.class).to(UCloudCubeCloud.class);
    bind(ElasticIps.class).annotatedWith(CloudAdapter.class).to(UCloudCubeCloud.class);
    bind(Disks.class).annotatedWith(CloudAdapter.class).to(UCloudCubeCloud.class);
  }

  @Provides
  @Singleton
  UCloudCubeCloud cloud() {
    return UCloudCubeCloud.builder()
        .credentials(credentials)
        .endpoint(endpoint)
        .terminalExec(options.terminalExec())
        .rateLimit(options.callsPerSecond())
        .build();
  }
}
