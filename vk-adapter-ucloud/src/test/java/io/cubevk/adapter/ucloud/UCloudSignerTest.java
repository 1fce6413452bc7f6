package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three public test vectors of UCloud's SDKs (cube-api.md) and the flattening rules. */
class UCloudSignerTest {

  static final String PUBLIC_KEY = "ucloudsomeone@example.com1296235120854146120";
  static final String PRIVATE_KEY = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

  @Test
  void signsTheIntegerVectorOfTheSdkTests() {
    assertThat(sign(Map.of("Limit", 10))).isEqualTo("cba5cf5ec4d4233d206b1b54951e3787350a642f");
  }

  @Test
  void signsAWholeDoubleWithoutItsTrailingPointZero() {
    assertThat(sign(Map.of("Proportion", 35.0)))
        .isEqualTo("da620b97de476947302291fc93a2d8b0710be328");
  }

  @Test
  void signsAFractionalDoubleAsWritten() {
    assertThat(sign(Map.of("Proportion", 65.722)))
        .isEqualTo("5e39dd48144d6a075328e56a6c5e9df6c39ae939");
  }

  @Test
  void ignoresAnExistingSignatureField() {
    Map<String, Object> params = new LinkedHashMap<>(vector(Map.of("Limit", 10)));
    params.put("Signature", "0000000000000000000000000000000000000000");

    assertThat(UCloudSigner.sign(UCloudParams.flatten(params), PRIVATE_KEY))
        .isEqualTo("cba5cf5ec4d4233d206b1b54951e3787350a642f");
  }

  @Test
  void flattensListsWithIndexesAndObjectsWithFieldNames() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("MetricName", List.of("CPUUtilization", "MemUsage"));
    params.put("Rule", List.of(Map.of("Port", 80, "Open", true)));

    assertThat(UCloudParams.flatten(params))
        .containsExactly(
            Map.entry("MetricName.0", "CPUUtilization"),
            Map.entry("MetricName.1", "MemUsage"),
            Map.entry("Rule.0.Open", "true"),
            Map.entry("Rule.0.Port", "80"));
  }

  @Test
  void rendersFloatingPointNumbersWithoutScientificNotation() {
    assertThat(UCloudParams.render("X", 1.0e7)).isEqualTo("10000000");
    assertThat(UCloudParams.render("X", 0.00001)).isEqualTo("0.00001");
    assertThat(UCloudParams.render("X", 0.1f)).isEqualTo("0.1");
    assertThat(UCloudParams.render("X", -2.50)).isEqualTo("-2.5");
  }

  @Test
  void leavesOutNullValuesAsTheSdksDoWithUnsetFields() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("CouponId", null);
    params.put("Limit", 10);

    assertThat(UCloudParams.flatten(params)).containsOnlyKeys("Limit");
  }

  @Test
  void refusesAValueThatHasNoWireFormNamingTheParameter() {
    assertThatThrownBy(() -> UCloudParams.flatten(Map.of("Bandwidth", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bandwidth")
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> UCloudParams.flatten(Map.of("ChargeType", Thread.State.NEW)))
        .hasMessageContaining("ChargeType")
        .hasMessageContaining("API's word");
  }

  private static String sign(Map<String, Object> extra) {
    return UCloudSigner.sign(UCloudParams.flatten(vector(extra)), PRIVATE_KEY);
  }

  private static Map<String, Object> vector(Map<String, Object> extra) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("Action", "DescribeUHostInstance");
    params.put("Region", "cn-bj2");
    params.put("PublicKey", PUBLIC_KEY);
    params.putAll(extra);
    return params;
  }
}
