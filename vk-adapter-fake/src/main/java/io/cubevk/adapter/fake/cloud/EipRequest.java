package io.cubevk.adapter.fake.cloud;

import java.util.Optional;

/**
 * UNet's AllocateEIP parameters, in the API's own words.
 *
 * @param operatorName the line, e.g. {@code Bgp} or {@code International}
 * @param bandwidth Mbps; 0 with a shared bandwidth
 * @param payMode {@code Traffic}, {@code Bandwidth}, {@code ShareBandwidth} or {@code
 *     PostAccurateBandwidth}
 * @param chargeType {@code Year}, {@code Month}, {@code Dynamic} or {@code Trial}
 */
public record EipRequest(
    String operatorName,
    int bandwidth,
    String payMode,
    String chargeType,
    int quantity,
    Optional<String> shareBandwidthId) {}
