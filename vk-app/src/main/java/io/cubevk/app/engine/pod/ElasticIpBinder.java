package io.cubevk.app.engine.pod;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.CubeExtendInfo;
import io.cubevk.ports.out.cloud.ElasticIp;
import io.cubevk.ports.out.cloud.ElasticIps;
import java.util.List;
import java.util.Optional;

/**
 * Gives a Cube the elastic IP its pod asked for ({@code cube.ucloud.cn/cube-eip*}): the given EIP
 * or a new one, bound with ResourceType {@code cube}, behind the requested firewall. Each step is
 * checked against GetCubeExtendInfo first, so running it again after a restart or a failure does
 * not allocate a second EIP. The engine runs it once per Cube, not on every reconcile.
 */
final class ElasticIpBinder {

  private final CubeCloud cubes;
  private final ElasticIps eips;

  ElasticIpBinder(CubeCloud cubes, ElasticIps eips) {
    this.cubes = cubes;
    this.eips = eips;
  }

  /**
   * Makes sure the Cube has its EIP; returns the bound address.
   *
   * @throws CloudFailure when a step fails (the caller retries the whole, idempotent flow)
   */
  ElasticIp ensureBound(CubeId cube, EipOptions options) {
    Optional<ElasticIp> bound = boundEip(cube);
    if (bound.isPresent()) {
      // A retry after the bind: the firewall step may be the one that failed (granting twice is
      // harmless).
      options.securityGroupId().ifPresent(firewall -> eips.grantFirewall(firewall, cube));
      return bound.get();
    }
    ElasticIp eip =
        options.eipId().map(id -> new ElasticIp(id, "")).orElseGet(() -> eips.allocate(options));
    try {
      eips.bind(eip.id(), cube);
    } catch (CloudFailure e) {
      if (options.eipId().isEmpty()) {
        releaseQuietly(eip.id()); // the EIP is ours and unused: do not leave it billing
      }
      throw e;
    }
    options.securityGroupId().ifPresent(firewall -> eips.grantFirewall(firewall, cube));
    return boundEip(cube).orElse(eip);
  }

  private Optional<ElasticIp> boundEip(CubeId cube) {
    List<CubeExtendInfo> infos = cubes.extendInfo(List.of(cube));
    return infos.stream().flatMap(info -> info.eips().stream()).findFirst();
  }

  private void releaseQuietly(String eipId) {
    try {
      eips.release(eipId);
    } catch (CloudFailure ignored) {
      // Best effort; an unbound EIP is visible in the console and costs little until released.
    }
  }
}
