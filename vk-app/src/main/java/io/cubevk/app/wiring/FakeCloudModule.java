package io.cubevk.app.wiring;

import com.google.inject.AbstractModule;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;

/**
 * The in-memory Cube cloud ({@code cube-vk sandbox}, {@code cube-vk run --cloud fake}). The caller
 * builds it (its delays and faults are the sandbox's knobs, and the sandbox reads it back for its
 * table) and closes it after the agent stopped.
 */
public final class FakeCloudModule extends AbstractModule {

  private final FakeCubeCloud cloud;

  public FakeCloudModule(FakeCubeCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  protected void configure() {
    bind(FakeCubeCloud.class).toInstance(cloud);
    bind(CubeCloud.class).annotatedWith(CloudAdapter.class).to(FakeCubeCloud.class);
    bind(ElasticIps.class).annotatedWith(CloudAdapter.class).to(FakeCubeCloud.class);
    bind(Disks.class).annotatedWith(CloudAdapter.class).to(FakeCubeCloud.class);
  }
}
