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
 * Builders keep {@code from(value)}, the one way to copy a value with a change while the
 * implementation class stays hidden (which is why they are not strict). Generated code uses only
 * JDK collections, which keeps the domain's dependency surface small.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = true))
public @interface ValueStyle {}
