/**
 * The embedding facade: {@link io.cubevk.app.facade.CubeVirtualKubelet} runs the agent inside
 * another JVM application (a controller, an operator, a test) from a client-java {@code ApiClient},
 * a Cube cloud and the virtual nodes to serve, as one Guava {@code Service}. It chooses the same
 * Guice modules as {@code cube-vk run}; docs/embedding.md shows it.
 */
package io.cubevk.app.facade;
