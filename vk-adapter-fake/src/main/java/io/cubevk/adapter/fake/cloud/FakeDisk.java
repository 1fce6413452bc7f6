package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeId;
import java.util.Optional;

/** A UDisk of the fake cloud and the Cube it is attached to, as DescribeUDisk reports it. */
public record FakeDisk(String id, Optional<CubeId> attachedTo) {}
