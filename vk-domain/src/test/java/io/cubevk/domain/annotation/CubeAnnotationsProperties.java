package io.cubevk.domain.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CubeAnnotationsProperties {

  @Property
  void podsWithoutCubeAnnotationsGetTheDefaults(
      @ForAll("otherAnnotations") Map<String, String> annotations) {
    ParsedAnnotations parsed = CubeAnnotations.parse(annotations);
    assertThat(parsed.options()).isEqualTo(CubeOptions.defaults());
    assertThat(parsed.violations()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
  }

  @Property
  void renderedOptionsParseBackToThemselvesWithoutViolationsOrWarnings(
      @ForAll("validOptions") CubeOptions options) {
    ParsedAnnotations parsed = CubeAnnotations.parse(CubeAnnotations.render(options));
    assertThat(parsed.violations()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
    assertThat(parsed.options()).isEqualTo(options);
  }

  @Property
  void theEipFollowsTheCubesChargeTypeAndQuantityUnlessSetItself(
      @ForAll ChargeType chargeType, @ForAll @IntRange(min = 1, max = 60) int quantity) {
    EipOptions eip =
        CubeAnnotations.parse(
                Map.of(
                    CubeAnnotations.EIP, "true",
                    CubeAnnotations.CHARGE_TYPE, chargeType.annotationWord(),
                    CubeAnnotations.QUANTITY, Integer.toString(quantity)))
            .options()
            .eip()
            .orElseThrow();
    assertThat(eip.chargeType()).isEqualTo(CubeAnnotations.inheritedEipChargeType(chargeType));
    assertThat(eip.chargeType().annotationWord())
        .isEqualTo(chargeType == ChargeType.POSTPAY ? "dynamic" : chargeType.annotationWord());
    assertThat(eip.quantity()).isEqualTo(quantity);
  }

  @Property
  void anyUnacceptedWordIsOneViolationNamingTheAnnotationAndTheValue(
      @ForAll("wordAnnotations") String annotation, @ForAll("junk") String value) {
    Map<String, String> annotations = new HashMap<>(Map.of(CubeAnnotations.EIP, "true"));
    annotations.put(annotation, value);
    ParsedAnnotations parsed = CubeAnnotations.parse(annotations);
    assertThat(parsed.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo(CubeAnnotations.path(annotation));
              assertThat(v.message()).contains("\"" + value + "\"").contains("accepted");
            });
  }

  @Property
  void parsingNeverThrows(@ForAll("anyCubeAnnotations") Map<String, String> annotations) {
    ParsedAnnotations parsed = CubeAnnotations.parse(annotations);
    assertThat(parsed.options()).isNotNull();
  }

  @Provide
  Arbitrary<Map<String, String>> otherAnnotations() {
    return Arbitraries.maps(
            Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(k -> "example.com/" + k),
            Arbitraries.strings().ofMaxLength(10))
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> wordAnnotations() {
    return Arbitraries.of(
        CubeAnnotations.CHARGE_TYPE,
        CubeAnnotations.EIP_PAY_MODE,
        CubeAnnotations.EIP_CHARGE_TYPE,
        CubeAnnotations.EIP,
        CubeAnnotations.EIP_RELEASE);
  }

  @Provide
  Arbitrary<String> junk() {
    List<String> words =
        List.of(
            "year",
            "month",
            "postpay",
            "dynamic",
            "traffic",
            "bandwidth",
            "sharebandwidth",
            "true",
            "false");
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .ofMinLength(1)
        .ofMaxLength(10)
        .filter(s -> !words.contains(s.toLowerCase(java.util.Locale.ROOT)));
  }

  @Provide
  Arbitrary<Map<String, String>> anyCubeAnnotations() {
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12),
            Arbitraries.of(
                "true",
                "false",
                "0",
                "-1",
                "2",
                "month",
                "sharebandwidth",
                "eip-1",
                "bwshare-1",
                "firewall-1",
                "99999999999"));
    return Arbitraries.maps(Arbitraries.of(CubeAnnotations.ALL), values).ofMaxSize(12);
  }

  @Provide
  Arbitrary<CubeOptions> validOptions() {
    Arbitrary<ChargeType> chargeType = Arbitraries.of(ChargeType.class);
    Arbitrary<Integer> periods = Arbitraries.integers().between(0, 36);
    Arbitrary<String> tag = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(16);
    return Combinators.combine(chargeType, periods, tag, eip().optional())
        .as(
            (charge, quantity, t, eip) ->
                new CubeOptions.Builder()
                    .chargeType(charge)
                    .quantity(charge == ChargeType.MONTH || quantity > 0 ? quantity : 1)
                    .tag(t)
                    .eip(eip)
                    .build());
  }

  private static Arbitrary<EipOptions> eip() {
    Arbitrary<Optional<String>> eipId =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .numeric()
            .ofLength(8)
            .map(s -> "eip-" + s)
            .optional();
    Arbitrary<Optional<String>> firewall =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofLength(8)
            .map(s -> "firewall-" + s)
            .optional();
    Arbitrary<EipPayMode> payMode = Arbitraries.of(EipPayMode.class);
    Arbitrary<Integer> bandwidth = Arbitraries.integers().between(1, 800);
    Arbitrary<EipChargeType> chargeType = Arbitraries.of(EipChargeType.class);
    Arbitrary<Integer> quantity = Arbitraries.integers().between(0, 12);
    return Combinators.combine(
            eipId, payMode, bandwidth, chargeType, quantity, Arbitraries.of(true, false), firewall)
        .as(
            (id, mode, mbps, charge, periods, release, fw) -> {
              boolean shared = mode == EipPayMode.SHARE_BANDWIDTH;
              EipOptions.Builder builder =
                  new EipOptions.Builder()
                      .eipId(id)
                      .payMode(mode)
                      .bandwidth(shared ? 0 : mbps)
                      .chargeType(charge)
                      .quantity(charge == EipChargeType.MONTH || periods > 0 ? periods : 1)
                      .releaseOnDelete(release)
                      .securityGroupId(fw);
              if (shared) {
                builder.shareBandwidthId("bwshare-" + mbps);
              }
              return builder.build();
            });
  }
}
