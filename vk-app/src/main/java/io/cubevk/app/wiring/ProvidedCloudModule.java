package io.cubevk.app.wiring;

import com.google.inject.AbstractModule;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;

/**
 * Cloud ports the caller made (an embedder's own {@link CubeCloud}, a test's scripted one); the
 * caller owns them and closes them.
 */
public final class ProvidedCloudModule extends AbstractModule {

  private final CubeCloud cloud;
  private final ElasticIps elasticIps;
  private final Disks disks;

  public ProvidedCloudModule(CubeCloud cloud, ElasticIps elasticIps, Disks disks) {
    this.cloud = cloud;
    this.elasticIps = elasticIps;
    this.disks = disks;
  }

  @Override
  protected void configure() {
    bind(CubeCloud.class).annotatedWith(CloudAdapter.class).toInstance(cloud);
    bind(ElasticIps.class).annotatedWith(CloudAdapter.class).toInstance(elasticIps);
    bind(Disks.class).annotatedWith(CloudAdapter.class).toInstance(disks);
  }
}
