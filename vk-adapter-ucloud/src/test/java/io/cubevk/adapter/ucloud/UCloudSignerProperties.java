package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class UCloudSignerProperties {

  private static final String PRIVATE_KEY = UCloudSignerTest.PRIVATE_KEY;

  @Property(tries = 300)
  void anyParameterOrderSignsTheSame(
      @ForAll("parameters") Map<String, String> params, @ForAll long seed) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
    Collections.shuffle(entries, new Random(seed));
    Map<String, String> shuffled = new LinkedHashMap<>();
    entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));

    assertThat(UCloudSigner.sign(shuffled, PRIVATE_KEY))
        .isEqualTo(UCloudSigner.sign(params, PRIVATE_KEY));
  }

  @Property(tries = 300)
  void anyChangedValueSignsDifferently(
      @ForAll("parameters") Map<String, String> params,
      @ForAll int which,
      @ForAll @AlphaChars @NumericChars @StringLength(max = 12) String newValue) {
    List<String> keys = new ArrayList<>(params.keySet());
    String key = keys.get(Math.floorMod(which, keys.size()));
    Assume.that(!params.get(key).equals(newValue));
    Map<String, String> changed = new LinkedHashMap<>(params);
    changed.put(key, newValue);

    assertThat(UCloudSigner.sign(changed, PRIVATE_KEY))
        .isNotEqualTo(UCloudSigner.sign(params, PRIVATE_KEY));
  }

  @Property(tries = 300)
  void anyOtherPrivateKeySignsDifferently(
      @ForAll("parameters") Map<String, String> params,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String otherKey) {
    Assume.that(!otherKey.equals(PRIVATE_KEY));

    assertThat(UCloudSigner.sign(params, otherKey))
        .isNotEqualTo(UCloudSigner.sign(params, PRIVATE_KEY));
  }

  @Provide
  Arbitrary<Map<String, String>> parameters() {
    // Keys like UCloud's: a capitalised word, optionally with a flattened index.
    Arbitrary<String> keys =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .ofLength(1)
            .flatMap(
                first ->
                    Arbitraries.strings()
                        .alpha()
                        .ofMaxLength(10)
                        .map(rest -> first + rest)
                        .flatMap(
                            word ->
                                Arbitraries.integers()
                                    .between(-1, 3)
                                    .map(i -> i < 0 ? word : word + "." + i)));
    Arbitrary<String> values = Arbitraries.strings().alpha().numeric().ofMaxLength(12);
    return Arbitraries.maps(keys, values).ofMinSize(1).ofMaxSize(12);
  }
}
