/**
 * Out-ports: what the core drives (the Cube cloud, elastic IPs, disks, the cluster, the clock).
 * Ports are narrow interfaces over domain values; adapters translate their transport errors into
 * the one sealed failure family declared here, whose {@code retryable()} tells the engine whether
 * to try again.
 */
@ValueStyle
package io.cubevk.ports.out;

import io.cubevk.domain.ValueStyle;
