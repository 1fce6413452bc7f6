/**
 * The slice of a Kubernetes Pod that cube-vk's rules read, as immutable values.
 *
 * <p>{@link io.cubevk.domain.pod.PodView} is filled by the Kubernetes adapter from a client-java
 * {@code V1Pod} (its {@code PodViewMapper}) or by tests through builders; the domain never sees
 * client-java types. It keeps more than a Cube can use on purpose: every volume kind, host* flags,
 * privileged containers and host ports are represented so that the translation can name each one it
 * rejects, instead of silently dropping it.
 *
 * <p>Quantities stay the strings the user wrote ({@link io.cubevk.domain.pod.Resources}): a bad
 * quantity is a violation the translation reports with its field path, not an exception here.
 */
@ValueStyle
package io.cubevk.domain.pod;

import io.cubevk.domain.ValueStyle;
