package io.cubevk.ports.out.cloud;

import io.cubevk.domain.cube.CubeId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What GetCubeExtendInfo tells about a Cube beyond its document: business group, expiry of a
 * prepaid Cube, and the EIPs bound to it.
 */
public record CubeExtendInfo(
    CubeId cubeId, String name, String tag, Optional<Instant> expiration, List<ElasticIp> eips) {

  public CubeExtendInfo {
    eips = List.copyOf(eips);
  }
}
