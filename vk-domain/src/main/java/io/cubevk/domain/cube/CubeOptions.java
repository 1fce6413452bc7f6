package io.cubevk.domain.cube;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a pod's {@code cube.ucloud.cn/cube-*} annotations ask of CreateCubePod besides the document:
 * billing, the business group (tag) and the elastic IP.
 */
@Value.Immutable
public abstract class CubeOptions {

  /** The default business group the UCloud console uses. */
  public static final String DEFAULT_TAG = "Default";

  @Value.Default
  public ChargeType chargeType() {
    return ChargeType.POSTPAY;
  }

  /** Billing periods; 0 with {@link ChargeType#MONTH} means "until the end of the month". */
  @Value.Default
  public int quantity() {
    return 1;
  }

  /** The business group ({@code Tag}) the Cube is filed under. */
  @Value.Default
  public String tag() {
    return DEFAULT_TAG;
  }

  /** Present when the pod asked for an EIP. */
  public abstract Optional<EipOptions> eip();

  /** Postpaid, quantity 1, the default tag, no EIP: what a pod without annotations gets. */
  public static CubeOptions defaults() {
    return new Builder().build();
  }

  public static class Builder extends ImmutableCubeOptions.Builder {}
}
