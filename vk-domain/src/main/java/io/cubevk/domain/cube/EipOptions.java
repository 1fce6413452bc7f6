package io.cubevk.domain.cube;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The elastic IP a Cube asked for with {@code cube.ucloud.cn/cube-eip: "true"}: either an existing
 * EIP by id or a new one allocated with these billing settings, optionally behind a firewall, and
 * released (or kept) when the Cube is deleted.
 */
@Value.Immutable
public abstract class EipOptions {

  /** An existing EIP to bind ({@code eip-…}); empty means allocate a new one. */
  public abstract Optional<String> eipId();

  public abstract EipPayMode payMode();

  /** The shared bandwidth package, required with {@link EipPayMode#SHARE_BANDWIDTH}. */
  public abstract Optional<String> shareBandwidthId();

  /** Mbps; 0 with a shared bandwidth. */
  public abstract int bandwidth();

  public abstract EipChargeType chargeType();

  public abstract int quantity();

  /** Whether deleting the Cube releases the EIP too. */
  public abstract boolean releaseOnDelete();

  /** The external firewall to grant ({@code firewall-…}); empty means the project's default. */
  public abstract Optional<String> securityGroupId();

  public static class Builder extends ImmutableEipOptions.Builder {}
}
