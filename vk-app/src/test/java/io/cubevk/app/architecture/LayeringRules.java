package io.cubevk.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;

/** The layering of cube-vk (docs/architecture.md) as ArchUnit rules over a {@link Layout}. */
final class LayeringRules {

  static final List<String> ADAPTERS = List.of("k8s", "ucloud", "fake");

  /** Guava and the annotation-only libraries it brings along (used by generated code too). */
  private static final String[] GUAVA_AND_IMMUTABLES = {
    "com.google.common..",
    "com.google.errorprone.annotations..",
    "com.google.j2objc.annotations..",
    "org.jspecify.annotations..",
    "javax.annotation..",
    "org.immutables.."
  };

  private LayeringRules() {}

  /** vk-domain outside its Cube document codec: java.*, Guava and Immutables only. */
  static ArchRule domainIsPureOutsideCodec(Layout layout) {
    return classes()
        .that()
        .resideInAPackage(layout.domain())
        .and()
        .resideOutsideOfPackage(layout.domainCodec())
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(concat(new String[] {"java..", layout.domain()}, GUAVA_AND_IMMUTABLES))
        .as("vk-domain outside its Cube document codec uses only java.*, Guava and Immutables")
        .because("the rules must run anywhere: webhooks, the CLI, other controllers");
  }

  static ArchRule domainCodecIsPureBesidesSnakeYaml(Layout layout) {
    return classes()
        .that()
        .resideInAPackage(layout.domainCodec())
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            concat(
                new String[] {"java..", layout.domain(), "org.yaml.snakeyaml.."},
                GUAVA_AND_IMMUTABLES))
        .as("the Cube document codec uses only java.*, Guava, Immutables and SnakeYAML")
        .allowEmptyShould(true);
  }

  /** vk-ports: domain values, java.*, Guava and Immutables, nothing else. */
  static ArchRule portsDependOnlyOnDomain(Layout layout) {
    return classes()
        .that()
        .resideInAPackage(layout.ports())
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            concat(new String[] {"java..", layout.domain(), layout.ports()}, GUAVA_AND_IMMUTABLES))
        .as("vk-ports depends only on vk-domain, java.*, Guava and Immutables");
  }

  /** Production code of one adapter never uses another adapter, nor the application. */
  static ArchRule adapterIsIsolated(Layout layout, String adapter) {
    String[] forbidden =
        ADAPTERS.stream()
            .filter(other -> !other.equals(adapter))
            .map(layout::adapter)
            .toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(layout.adapter(adapter))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(forbidden, new String[] {layout.app()}))
        .as("vk-adapter-" + adapter + " uses no other adapter and not vk-app")
        .allowEmptyShould(true);
  }

  /** Inside vk-app only wiring, facade and CLI may name adapter classes. */
  static ArchRule engineSeesOnlyPorts(Layout layout) {
    return noClasses()
        .that()
        .resideInAPackage(layout.app())
        .and()
        .resideOutsideOfPackages(layout.appAssembly())
        .should()
        .dependOnClassesThat()
        .resideInAPackage(layout.adapters())
        .as("vk-app outside wiring, facade and cli names no adapter class")
        .allowEmptyShould(true);
  }

  /** Ports are interfaces, values (Immutables or records, enums) or the port's failures. */
  static ArchRule portsAreInterfacesValuesOrFailures(Layout layout) {
    return classes()
        .that()
        .resideInAnyPackage(layout.portsIn(), layout.portsOut())
        .should(beInterfaceValueOrFailure())
        .as("classes in ports.in and ports.out are interfaces, values or port failures")
        .allowEmptyShould(true);
  }

  private static ArchCondition<JavaClass> beInterfaceValueOrFailure() {
    return new ArchCondition<>("be an interface, a value or a port failure") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        if (!isPortShaped(javaClass)) {
          events.add(
              SimpleConditionEvent.violated(
                  javaClass,
                  javaClass.getName()
                      + " is a concrete class in a port package: ports hold interfaces, values"
                      + " and failures; implementations belong in an adapter or the engine"));
        }
      }
    };
  }

  private static boolean isPortShaped(JavaClass javaClass) {
    if (javaClass.isInterface()
        || javaClass.isEnum()
        || javaClass.isRecord()
        || javaClass.isAnnotation()
        || javaClass.isAssignableTo(RuntimeException.class)
        || isImmutablesValue(javaClass)) {
      return true;
    }
    // Builders, nested values and generated helpers belong to their enclosing value.
    Optional<JavaClass> enclosing = javaClass.getEnclosingClass();
    return enclosing.isPresent() && isPortShaped(enclosing.get());
  }

  private static boolean isImmutablesValue(JavaClass javaClass) {
    return javaClass.isAnnotatedWith("org.immutables.value.Value$Immutable")
        || javaClass.isAnnotatedWith("org.immutables.value.Generated")
        || javaClass.getAllRawSuperclasses().stream()
            .anyMatch(
                superclass -> superclass.isAnnotatedWith("org.immutables.value.Value$Immutable"))
        || javaClass.getAllRawInterfaces().stream()
            .anyMatch(iface -> iface.isAnnotatedWith("org.immutables.value.Value$Immutable"));
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
