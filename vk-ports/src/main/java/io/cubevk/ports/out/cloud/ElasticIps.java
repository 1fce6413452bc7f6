package io.cubevk.ports.out.cloud;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.EipOptions;

/**
 * UNet's elastic IPs, as the {@code cube.ucloud.cn/cube-eip*} annotations need them. The engine
 * orchestrates the steps after a create (allocate or reuse, bind, grant the firewall) and on delete
 * (release when asked); each method is one cloud call.
 */
public interface ElasticIps {

  /**
   * Allocates a new EIP with the options' billing settings (the eip id in the options is ignored).
   */
  ElasticIp allocate(EipOptions options);

  /** Binds the EIP to the Cube (ResourceType {@code cube}). */
  void bind(String eipId, CubeId cube);

  void unbind(String eipId, CubeId cube);

  void release(String eipId);

  /** Puts the Cube behind an external firewall (ResourceType {@code cube}). */
  void grantFirewall(String firewallId, CubeId cube);
}
