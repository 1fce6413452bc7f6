package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeId;
import java.time.Instant;
import java.util.Optional;

/**
 * An elastic IP of the fake cloud. The address comes from the documentation ranges (RFC 5737): it
 * is a label, nothing ever connects to it.
 */
public record FakeEip(
    String id,
    String address,
    String operatorName,
    int bandwidth,
    String payMode,
    String chargeType,
    Optional<String> shareBandwidthId,
    Optional<CubeId> boundTo,
    Instant createdAt) {}
