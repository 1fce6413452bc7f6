package io.cubevk.domain;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of cube-vk's values (domain and ports).
 *
 * <p>Generated implementations stay package-private and hidden behind the abstract value type
 * ({@code overshadowImplementation}): callers use {@code X.of(...)} factories or a nested {@code
 * class Builder extends ImmutableX.Builder {}}, so the generated names never leak into the API.
 * Builders are strict (an attribute set twice is a bug, not an override) and the generated code
 * uses only JDK collections, which keeps the domain's dependency surface small.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    strictBuilder = true,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = true))
public @interface ValueStyle {}
