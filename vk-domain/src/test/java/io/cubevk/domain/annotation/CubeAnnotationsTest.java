package io.cubevk.domain.annotation;

import static io.cubevk.domain.annotation.CubeAnnotations.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import io.cubevk.domain.translation.Violation;
import io.cubevk.domain.translation.Warning;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CubeAnnotationsTest {

  @Test
  void withoutAnnotationsAPodGetsTheSeedsDefaults() {
    ParsedAnnotations parsed = parse(Map.of("app", "nginx"));
    assertThat(parsed.options()).isEqualTo(CubeOptions.defaults());
    assertThat(parsed.options().chargeType()).isEqualTo(ChargeType.POSTPAY);
    assertThat(parsed.options().quantity()).isEqualTo(1);
    assertThat(parsed.options().eip()).isEmpty();
    assertThat(parsed.violations()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void anEipWithoutSettingsIsANewTwoMegabitBandwidthEipReleasedWithTheCube() {
    EipOptions eip = parse(Map.of(EIP, "true")).options().eip().orElseThrow();
    assertThat(eip.eipId()).isEmpty();
    assertThat(eip.payMode()).isEqualTo(EipPayMode.BANDWIDTH);
    assertThat(eip.bandwidth()).isEqualTo(2);
    assertThat(eip.chargeType()).isEqualTo(EipChargeType.DYNAMIC);
    assertThat(eip.quantity()).isEqualTo(1);
    assertThat(eip.releaseOnDelete()).isTrue();
    assertThat(eip.securityGroupId()).isEmpty();
  }

  @Test
  void theEipInheritsTheCubesChargeTypeAndQuantity() {
    EipOptions eip =
        parse(Map.of(EIP, "true", CHARGE_TYPE, "month", QUANTITY, "0"))
            .options()
            .eip()
            .orElseThrow();
    assertThat(eip.chargeType()).isEqualTo(EipChargeType.MONTH);
    assertThat(eip.quantity()).isZero();
  }

  @Test
  void aSharedBandwidthNeedsItsIdAndDefaultsToZeroMegabits() {
    ParsedAnnotations parsed =
        parse(
            Map.of(
                EIP,
                "true",
                EIP_PAY_MODE,
                "sharebandwidth",
                EIP_SHARE_BANDWIDTH_ID,
                "bwshare-ab12"));
    assertThat(parsed.violations()).isEmpty();
    EipOptions eip = parsed.options().eip().orElseThrow();
    assertThat(eip.bandwidth()).isZero();
    assertThat(eip.shareBandwidthId()).contains("bwshare-ab12");

    assertThat(parse(Map.of(EIP, "true", EIP_PAY_MODE, "sharebandwidth")).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath())
                  .isEqualTo("metadata.annotations['cube.ucloud.cn/cube-eip-share-bandwidth-id']");
              assertThat(v.message()).contains("required").contains("sharebandwidth");
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cube.ucloud.cn/cube-eip | yes | accepted: true, false",
        "cube.ucloud.cn/cube-eip-bandwidth | -1 | at least 1",
        "cube.ucloud.cn/cube-chargetype | weekly | accepted: year, month, postpay",
        "cube.ucloud.cn/cube-eip-paymode | free | accepted: traffic, bandwidth, sharebandwidth",
        "cube.ucloud.cn/cube-eip-chargetype | daily | accepted: year, month, dynamic",
        "cube.ucloud.cn/cube-quantity | two | a whole number",
        "cube.ucloud.cn/cube-quantity | 0 | only accepted when cube.ucloud.cn/cube-chargetype is"
            + " month",
        "cube.ucloud.cn/cube-eip-release | 1 | accepted: true, false",
        "cube.ucloud.cn/cube-eip-id | 1.2.3.4 | eip-xxxxxxxx",
        "cube.ucloud.cn/cube-eip-security-group-id | sg-123 | firewall-xxxxxxxx",
      })
  void aBadValueIsAViolationNamingTheAnnotationTheValueAndWhatIsAccepted(
      String annotation, String value, String accepted) {
    Map<String, String> annotations = new java.util.HashMap<>(Map.of(EIP, "true"));
    annotations.put(annotation, value);
    ParsedAnnotations parsed = parse(annotations);
    assertThat(parsed.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("metadata.annotations['" + annotation + "']");
              assertThat(v.message()).contains("\"" + value + "\"").contains(accepted);
            });
  }

  @Test
  void anExplicitNonZeroBandwidthWithASharedBandwidthIsAViolation() {
    assertThat(
            parse(
                    Map.of(
                        EIP, "true",
                        EIP_PAY_MODE, "sharebandwidth",
                        EIP_SHARE_BANDWIDTH_ID, "bwshare-1",
                        EIP_BANDWIDTH, "5"))
                .violations())
        .extracting(Violation::fieldPath)
        .containsExactly(path(EIP_BANDWIDTH));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ParsedAnnotations parsed =
        parse(Map.of(EIP, "yes", EIP_BANDWIDTH, "-1", CHARGE_TYPE, "weekly"));
    assertThat(parsed.violations())
        .extracting(Violation::fieldPath)
        .containsExactlyInAnyOrder(path(EIP), path(EIP_BANDWIDTH), path(CHARGE_TYPE));
  }

  @Test
  void eipSettingsWithoutAnEipAndMisspeltKeysAreWarnings() {
    ParsedAnnotations parsed =
        parse(Map.of(EIP_BANDWIDTH, "10", "cube.ucloud.cn/cube-eip-bandwith", "10"));
    assertThat(parsed.violations()).isEmpty();
    assertThat(parsed.options().eip()).isEmpty();
    assertThat(parsed.warnings())
        .extracting(Warning::fieldPath)
        .containsExactlyInAnyOrder(
            path(EIP_BANDWIDTH), "metadata.annotations['cube.ucloud.cn/cube-eip-bandwith']");
  }

  @Test
  void wordsAreReadRegardlessOfCaseAndBlanks() {
    ParsedAnnotations parsed = parse(Map.of(CHARGE_TYPE, " Month ", EIP, "TRUE"));
    assertThat(parsed.violations()).isEmpty();
    assertThat(parsed.options().chargeType()).isEqualTo(ChargeType.MONTH);
    assertThat(parsed.options().eip()).isPresent();
  }

  @Test
  void postpayAsEipChargeTypeMeansDynamic() {
    assertThat(parse(Map.of(EIP, "true", EIP_CHARGE_TYPE, "postpay")).options().eip())
        .get()
        .extracting(EipOptions::chargeType)
        .isEqualTo(EipChargeType.DYNAMIC);
  }

  @Test
  void aZeroQuantityInheritedByAYearlyEipIsAViolationOnTheEipQuantity() {
    ParsedAnnotations parsed =
        parse(Map.of(EIP, "true", CHARGE_TYPE, "month", QUANTITY, "0", EIP_CHARGE_TYPE, "year"));
    assertThat(parsed.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.fieldPath()).isEqualTo(path(EIP_QUANTITY)));
  }
}
