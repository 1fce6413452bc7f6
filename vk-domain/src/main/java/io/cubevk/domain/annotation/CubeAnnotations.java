package io.cubevk.domain.annotation;

import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import io.cubevk.domain.translation.FieldPaths;
import io.cubevk.domain.translation.Violation;
import io.cubevk.domain.translation.Warning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and writes the seed's twelve {@code cube.ucloud.cn/cube-*} annotations.
 *
 * <p>Words ({@code postpay}, {@code true}, …) are matched without regard to case and surrounding
 * blanks, since kubectl users type them by hand; {@link #render} writes the canonical lowercase
 * form, which {@link #parse} reads back to the same options.
 */
public final class CubeAnnotations {

  public static final String PREFIX = "cube.ucloud.cn/cube-";

  public static final String TAG = PREFIX + "tag";
  public static final String CHARGE_TYPE = PREFIX + "chargetype";
  public static final String QUANTITY = PREFIX + "quantity";
  public static final String EIP = PREFIX + "eip";
  public static final String EIP_ID = PREFIX + "eip-id";
  public static final String EIP_PAY_MODE = PREFIX + "eip-paymode";
  public static final String EIP_SHARE_BANDWIDTH_ID = PREFIX + "eip-share-bandwidth-id";
  public static final String EIP_BANDWIDTH = PREFIX + "eip-bandwidth";
  public static final String EIP_CHARGE_TYPE = PREFIX + "eip-chargetype";
  public static final String EIP_QUANTITY = PREFIX + "eip-quantity";
  public static final String EIP_RELEASE = PREFIX + "eip-release";
  public static final String EIP_SECURITY_GROUP_ID = PREFIX + "eip-security-group-id";

  /** The twelve annotations, in the seed's order. */
  public static final List<String> ALL =
      List.of(
          TAG,
          CHARGE_TYPE,
          QUANTITY,
          EIP,
          EIP_ID,
          EIP_PAY_MODE,
          EIP_SHARE_BANDWIDTH_ID,
          EIP_BANDWIDTH,
          EIP_CHARGE_TYPE,
          EIP_QUANTITY,
          EIP_RELEASE,
          EIP_SECURITY_GROUP_ID);

  /** The seed's default EIP bandwidth in Mbps (a shared bandwidth defaults to 0). */
  public static final int DEFAULT_EIP_BANDWIDTH = 2;

  private static final Pattern EIP_ID_FORM = Pattern.compile("eip-[a-z0-9]+");
  private static final Pattern SHARE_BANDWIDTH_ID_FORM = Pattern.compile("bwshare-[a-z0-9]+");
  private static final Pattern FIREWALL_ID_FORM = Pattern.compile("firewall-[a-z0-9]+");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

  private CubeAnnotations() {}

  /** The field path of an annotation, from the pod's root. */
  public static String path(String annotation) {
    return FieldPaths.key("metadata.annotations", annotation);
  }

  /** Reads a pod's annotations; other annotations are ignored. Never throws. */
  public static ParsedAnnotations parse(Map<String, String> annotations) {
    return new Reader(annotations).read();
  }

  /**
   * The annotations that {@link #parse} reads back as {@code options}: every setting written out,
   * defaults included, so the result does not depend on the defaults of the version reading it.
   */
  public static Map<String, String> render(CubeOptions options) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TAG, options.tag());
    annotations.put(CHARGE_TYPE, options.chargeType().annotationWord());
    annotations.put(QUANTITY, Integer.toString(options.quantity()));
    annotations.put(EIP, Boolean.toString(options.eip().isPresent()));
    options
        .eip()
        .ifPresent(
            eip -> {
              eip.eipId().ifPresent(id -> annotations.put(EIP_ID, id));
              annotations.put(EIP_PAY_MODE, eip.payMode().annotationWord());
              eip.shareBandwidthId().ifPresent(id -> annotations.put(EIP_SHARE_BANDWIDTH_ID, id));
              annotations.put(EIP_BANDWIDTH, Integer.toString(eip.bandwidth()));
              annotations.put(EIP_CHARGE_TYPE, eip.chargeType().annotationWord());
              annotations.put(EIP_QUANTITY, Integer.toString(eip.quantity()));
              annotations.put(EIP_RELEASE, Boolean.toString(eip.releaseOnDelete()));
              eip.securityGroupId().ifPresent(id -> annotations.put(EIP_SECURITY_GROUP_ID, id));
            });
    return annotations;
  }

  /** The EIP charge type a Cube charge type implies (seed: postpay takes dynamic). */
  public static EipChargeType inheritedEipChargeType(ChargeType chargeType) {
    return switch (chargeType) {
      case YEAR -> EipChargeType.YEAR;
      case MONTH -> EipChargeType.MONTH;
      case POSTPAY -> EipChargeType.DYNAMIC;
    };
  }

  /** One pass over the annotations, collecting violations and warnings as it goes. */
  private static final class Reader {
    private final Map<String, String> annotations;
    private final List<Violation> violations = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();

    Reader(Map<String, String> annotations) {
      this.annotations = annotations;
    }

    ParsedAnnotations read() {
      warnAboutUnknownKeys();
      CubeOptions.Builder options = new CubeOptions.Builder();
      text(TAG)
          .ifPresent(
              tag -> {
                if (tag.isBlank()) {
                  violation(
                      TAG,
                      "must not be empty; leave it out for the '"
                          + CubeOptions.DEFAULT_TAG
                          + "' business group");
                } else {
                  options.tag(tag.trim());
                }
              });
      ChargeType chargeType =
          word(CHARGE_TYPE, ChargeType.values(), ChargeType::annotationWord)
              .orElse(ChargeType.POSTPAY);
      options.chargeType(chargeType);
      int quantity = count(QUANTITY, chargeType == ChargeType.MONTH, CHARGE_TYPE).orElse(1);
      options.quantity(quantity);

      boolean eip = bool(EIP).orElse(false);
      Optional<EipOptions> eipOptions = eipOptions(chargeType, quantity);
      if (eip) {
        eipOptions.ifPresent(options::eip);
      } else {
        for (String key : ALL.subList(ALL.indexOf(EIP_ID), ALL.size())) {
          if (annotations.containsKey(key)) {
            warnings.add(
                new Warning(
                    path(key),
                    "has no effect: " + EIP + " is not \"true\", so the Cube gets no EIP"));
          }
        }
      }
      return new ParsedAnnotations(options.build(), violations, warnings);
    }

    /** Every EIP setting is checked even without an EIP, so a typo never waits to bite. */
    private Optional<EipOptions> eipOptions(ChargeType chargeType, int quantity) {
      EipOptions.Builder eip = new EipOptions.Builder();
      id(EIP_ID, EIP_ID_FORM, "eip-xxxxxxxx").ifPresent(eip::eipId);
      EipPayMode payMode =
          word(EIP_PAY_MODE, EipPayMode.values(), EipPayMode::annotationWord)
              .orElse(EipPayMode.BANDWIDTH);
      eip.payMode(payMode);
      boolean shared = payMode == EipPayMode.SHARE_BANDWIDTH;

      Optional<String> shareId =
          id(EIP_SHARE_BANDWIDTH_ID, SHARE_BANDWIDTH_ID_FORM, "bwshare-xxxxxx");
      if (shared) {
        if (!annotations.containsKey(EIP_SHARE_BANDWIDTH_ID)) {
          violation(
              EIP_SHARE_BANDWIDTH_ID,
              "is required when " + EIP_PAY_MODE + " is sharebandwidth; expected bwshare-xxxxxx");
        }
        shareId.ifPresent(eip::shareBandwidthId);
      } else if (annotations.containsKey(EIP_SHARE_BANDWIDTH_ID)) {
        warnings.add(
            new Warning(
                path(EIP_SHARE_BANDWIDTH_ID),
                "has no effect: only used when " + EIP_PAY_MODE + " is sharebandwidth"));
      }

      eip.bandwidth(bandwidth(shared));

      EipChargeType eipChargeType = eipChargeType().orElse(inheritedEipChargeType(chargeType));
      eip.chargeType(eipChargeType);
      boolean eipMonthly = eipChargeType == EipChargeType.MONTH;
      Optional<Integer> eipQuantity = count(EIP_QUANTITY, eipMonthly, EIP_CHARGE_TYPE);
      if (!annotations.containsKey(EIP_QUANTITY) && quantity == 0 && !eipMonthly) {
        violation(
            EIP_QUANTITY,
            "is missing: it would inherit 0 (until the month's end) from "
                + QUANTITY
                + ", which "
                + EIP_CHARGE_TYPE
                + " "
                + eipChargeType.annotationWord()
                + " does not accept; accepted: a whole number, at least 1");
      }
      eip.quantity(eipQuantity.orElse(quantity == 0 && !eipMonthly ? 1 : quantity));
      eip.releaseOnDelete(bool(EIP_RELEASE).orElse(true));
      id(EIP_SECURITY_GROUP_ID, FIREWALL_ID_FORM, "firewall-xxxxxxxx")
          .ifPresent(eip::securityGroupId);
      return Optional.of(eip.build());
    }

    private int bandwidth(boolean shared) {
      Optional<String> text = text(EIP_BANDWIDTH);
      if (text.isEmpty()) {
        return shared ? 0 : DEFAULT_EIP_BANDWIDTH;
      }
      String value = text.get().trim();
      if (!INTEGER.matcher(value).matches() || Integer.parseInt(value) < 0) {
        violation(
            EIP_BANDWIDTH,
            quoted(text.get())
                + " is not a bandwidth; accepted: a whole number of Mbps, at least 1 (0 with a"
                + " shared bandwidth)");
        return shared ? 0 : DEFAULT_EIP_BANDWIDTH;
      }
      int bandwidth = Integer.parseInt(value);
      if (shared && bandwidth != 0) {
        violation(
            EIP_BANDWIDTH,
            quoted(text.get())
                + " is not allowed with a shared bandwidth; accepted: 0 (or leave it out), the"
                + " shared bandwidth package sets the rate");
        return 0;
      }
      if (!shared && bandwidth == 0) {
        violation(
            EIP_BANDWIDTH,
            "\"0\" is only allowed with a shared bandwidth; accepted: a whole number of Mbps, at"
                + " least 1");
        return DEFAULT_EIP_BANDWIDTH;
      }
      return bandwidth;
    }

    /** The EIP charge type; {@code postpay} is read as dynamic, as the seed's table says. */
    private Optional<EipChargeType> eipChargeType() {
      Optional<String> text = text(EIP_CHARGE_TYPE);
      if (text.isPresent() && normalised(text.get()).equals("postpay")) {
        return Optional.of(EipChargeType.DYNAMIC);
      }
      return word(EIP_CHARGE_TYPE, EipChargeType.values(), EipChargeType::annotationWord);
    }

    private void warnAboutUnknownKeys() {
      annotations.keySet().stream()
          .filter(key -> key.startsWith(PREFIX) && !ALL.contains(key))
          .sorted()
          .forEach(
              key ->
                  warnings.add(
                      new Warning(
                          path(key),
                          "is not a Cube annotation and has no effect; known: "
                              + String.join(", ", ALL))));
    }

    private Optional<String> text(String key) {
      return Optional.ofNullable(annotations.get(key));
    }

    private <E> Optional<E> word(String key, E[] values, Function<E, String> wordOf) {
      Optional<String> text = text(key);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      String word = normalised(text.get());
      Optional<E> match =
          Arrays.stream(values).filter(v -> wordOf.apply(v).equals(word)).findFirst();
      if (match.isEmpty()) {
        violation(
            key,
            quoted(text.get())
                + " is not accepted; accepted: "
                + Arrays.stream(values).map(wordOf).collect(Collectors.joining(", ")));
      }
      return match;
    }

    private Optional<Boolean> bool(String key) {
      Optional<String> text = text(key);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      String word = normalised(text.get());
      if (word.equals("true") || word.equals("false")) {
        return Optional.of(word.equals("true"));
      }
      violation(key, quoted(text.get()) + " is not accepted; accepted: true, false");
      return Optional.empty();
    }

    /** A period count: a whole number, 0 ("until the month's end") only with monthly charging. */
    private Optional<Integer> count(String key, boolean monthly, String chargeTypeAnnotation) {
      Optional<String> text = text(key);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      String value = text.get().trim();
      if (!INTEGER.matcher(value).matches() || Integer.parseInt(value) < 0) {
        violation(
            key,
            quoted(text.get())
                + " is not a quantity; accepted: a whole number of periods, at least 1 (0 with"
                + " month means until the month's end)");
        return Optional.empty();
      }
      int count = Integer.parseInt(value);
      if (count == 0 && !monthly) {
        violation(
            key,
            "\"0\" (until the month's end) is only accepted when "
                + chargeTypeAnnotation
                + " is month; accepted: a whole number, at least 1");
        return Optional.empty();
      }
      return Optional.of(count);
    }

    private Optional<String> id(String key, Pattern form, String example) {
      Optional<String> text = text(key);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      String value = text.get().trim();
      if (!form.matcher(value).matches()) {
        violation(key, quoted(text.get()) + " is not an id of the expected form " + example);
        return Optional.empty();
      }
      return Optional.of(value);
    }

    private void violation(String key, String message) {
      violations.add(new Violation(path(key), message));
    }

    private static String normalised(String word) {
      return word.trim().toLowerCase(Locale.ROOT);
    }

    private static String quoted(String value) {
      return "\"" + value + "\"";
    }
  }
}
