package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What GetCubeExtendInfo tells about one Cube: name, business group, expiry and its EIPs. */
public record FakeExtendInfo(
    CubeId cubeId, String name, String tag, Optional<Instant> expiration, List<FakeEip> eips) {

  public FakeExtendInfo {
    eips = List.copyOf(eips);
  }
}
