package io.cubevk.domain.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

  @ParameterizedTest
  @CsvSource({"500m,500", "0.5,500", "2,2000", "1.5,1500", "100u,1", "1e3,1000000", "2k,2000000"})
  void parsesCpuQuantitiesIntoMillicoresRoundingUp(String quantity, long millis) {
    assertThat(Cpu.parse(quantity).millis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({
    "512Mi,536870912",
    "2048Mi,2147483648",
    "2Gi,2147483648",
    "1G,1000000000",
    "1e9,1000000000",
    "1E,1000000000000000000",
    "128974848,128974848",
    "0.5Ki,512"
  })
  void parsesMemoryQuantitiesIntoBytes(String quantity, long bytes) {
    assertThat(Memory.parse(quantity).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"500,500m", "1000,1", "8000,8", "1500,1500m"})
  void rendersCpuInKubernetesCanonicalForm(long millis, String quantity) {
    assertThat(Cpu.ofMillis(millis).toQuantity()).isEqualTo(quantity);
  }

  @ParameterizedTest
  @CsvSource({"536870912,512Mi", "2147483648,2Gi", "1024,1Ki", "1000,1000", "0,0"})
  void rendersMemoryWithTheLargestExactBinarySuffix(long bytes, String quantity) {
    assertThat(Memory.ofBytes(bytes).toQuantity()).isEqualTo(quantity);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two", "2 Gi", "2GiB", "--1", "1.2.3", "e3"})
  void rejectsTextThatIsNotAQuantityNamingIt(String text) {
    assertThatThrownBy(() -> Memory.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("Kubernetes quantity");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-500m"})
  void rejectsNegativeAmounts(String text) {
    assertThatThrownBy(() -> Cpu.parse(text)).hasMessageContaining("negative");
    assertThatThrownBy(() -> Memory.parse(text)).hasMessageContaining("negative");
  }
}
