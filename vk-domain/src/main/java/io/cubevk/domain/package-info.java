/**
 * The pure model and rules of cube-vk: what a Pod bound to a virtual node means for UCloud Cube.
 *
 * <p>Everything here is a value or a pure function over values. The module depends on the JDK,
 * Guava and Immutables only, plus SnakeYAML inside the Cube document codec, which is the one place
 * that knows the Cube YAML dialect. Kubernetes client types never enter: the Kubernetes adapter
 * maps its objects into these values, so the rules can be used alone (an admission webhook, the
 * {@code cube-vk translate} command) and tested without a cluster.
 */
@ValueStyle
package io.cubevk.domain;
