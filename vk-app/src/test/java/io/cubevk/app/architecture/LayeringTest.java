package io.cubevk.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the production classes of every module. Each
 * rule is also run against a small set of deliberately bad classes ({@code io.cubevk.archfixture})
 * to prove it can fail: a rule that cannot fail guards nothing.
 */
class LayeringTest {

  private static JavaClasses production;
  private static JavaClasses badFixtures;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            // only the project's own jars or class directories hold io.cubevk classes
            .withImportOption(location -> !location.isJar() || location.contains("/vk-"))
            .importPackages(Layout.PROJECT.root());
    badFixtures = new ClassFileImporter().importPackages(Layout.BAD_FIXTURES.root());
  }

  @Test
  void productionClassesWereFoundInEveryLayer() {
    assertThat(production.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("io.cubevk.domain"))
        .anyMatch(p -> p.startsWith("io.cubevk.ports"))
        .anyMatch(p -> p.startsWith("io.cubevk.adapter.k8s"))
        .anyMatch(p -> p.startsWith("io.cubevk.adapter.ucloud"))
        .anyMatch(p -> p.startsWith("io.cubevk.adapter.fake"))
        .anyMatch(p -> p.startsWith("io.cubevk.app"))
        .noneMatch(p -> p.startsWith(Layout.BAD_FIXTURES.root()));
  }

  @Test
  void domainOutsideTheCodecUsesOnlyJavaGuavaAndImmutables() {
    LayeringRules.domainIsPureOutsideCodec(Layout.PROJECT).check(production);
    assertViolatedBy(
        LayeringRules.domainIsPureOutsideCodec(Layout.BAD_FIXTURES),
        "LeakyHttpValue",
        "YamlOutsideCodec");
    assertNotViolatedBy(
        LayeringRules.domainIsPureOutsideCodec(Layout.BAD_FIXTURES), "FixtureCubeCodec");
  }

  @Test
  void theCubeCodecMayUseSnakeYamlButNothingElse() {
    LayeringRules.domainCodecIsPureBesidesSnakeYaml(Layout.PROJECT).check(production);
    assertViolatedBy(
        LayeringRules.domainCodecIsPureBesidesSnakeYaml(Layout.BAD_FIXTURES), "JsonInCodec");
    assertNotViolatedBy(
        LayeringRules.domainCodecIsPureBesidesSnakeYaml(Layout.BAD_FIXTURES), "FixtureCubeCodec");
  }

  @Test
  void portsDependOnlyOnTheDomain() {
    LayeringRules.portsDependOnlyOnDomain(Layout.PROJECT).check(production);
    assertViolatedBy(LayeringRules.portsDependOnlyOnDomain(Layout.BAD_FIXTURES), "NettyPort");
  }

  @Test
  void portPackagesHoldOnlyInterfacesValuesAndFailures() {
    LayeringRules.portsAreInterfacesValuesOrFailures(Layout.PROJECT).check(production);
    ArchRule rule = LayeringRules.portsAreInterfacesValuesOrFailures(Layout.BAD_FIXTURES);
    assertViolatedBy(rule, "ConcreteCloud");
    assertNotViolatedBy(rule, "GoodPort", "GoodFailure", "GoodValue");
  }

  @Test
  void adaptersNeverUseEachOtherNorTheApp() {
    for (String adapter : LayeringRules.ADAPTERS) {
      LayeringRules.adapterIsIsolated(Layout.PROJECT, adapter).check(production);
    }
    assertViolatedBy(
        LayeringRules.adapterIsIsolated(Layout.BAD_FIXTURES, "k8s"), "CrossingAdapter");
    assertViolatedBy(
        LayeringRules.adapterIsIsolated(Layout.BAD_FIXTURES, "ucloud"), "AppUsingAdapter");
  }

  @Test
  void onlyWiringFacadeAndCliNameAdapterClasses() {
    LayeringRules.engineSeesOnlyPorts(Layout.PROJECT).check(production);
    ArchRule rule = LayeringRules.engineSeesOnlyPorts(Layout.BAD_FIXTURES);
    assertViolatedBy(rule, "EngineNamingAnAdapter");
    assertNotViolatedBy(rule, "WiringNamingAnAdapter");
  }

  private static void assertViolatedBy(ArchRule rule, String... badClassNames) {
    EvaluationResult result = rule.evaluate(badFixtures);
    assertThat(result.hasViolation()).as("rule '%s' catches the bad fixtures", rule).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    for (String badClass : badClassNames) {
      assertThat(report).as("violations of '%s'", rule).contains(badClass);
    }
  }

  private static void assertNotViolatedBy(ArchRule rule, String... goodClassNames) {
    String report = String.join("\n", rule.evaluate(badFixtures).getFailureReport().getDetails());
    for (String goodClass : goodClassNames) {
      assertThat(report).as("violations of '%s'", rule).doesNotContain(goodClass);
    }
  }
}
