/**
 * Pod → Cube translation: {@link io.cubevk.domain.translation.PodTranslation#translate} turns a
 * {@link io.cubevk.domain.pod.PodView} and the {@link
 * io.cubevk.domain.translation.TranslationInputs} the engine resolved for it (Secret and ConfigMap
 * data, PersistentVolumeClaim bindings, tokens, service env, node defaults) into a {@link
 * io.cubevk.domain.translation.TranslationResult}.
 *
 * <p>The result is one of three, and the difference matters to the engine:
 *
 * <ul>
 *   <li>{@code Translated}: the Cube document, its options and size, plus warnings;
 *   <li>{@code Rejected}: every {@link io.cubevk.domain.translation.Violation} at once: the pod can
 *       never run on Cube and is failed with all of them in its message;
 *   <li>{@code Waiting}: every {@link io.cubevk.domain.translation.Unresolved} input: something the
 *       pod refers to does not exist yet, so it stays Pending and is retried, as kubelet does.
 * </ul>
 *
 * <p>The translation is total: it never throws on any pod or inputs, and field paths start at the
 * pod's root ({@code spec.containers[0].env[2].valueFrom.fieldRef}); callers translating a
 * workload's pod template prefix them ({@link io.cubevk.domain.translation.Violation#under}).
 */
@ValueStyle
package io.cubevk.domain.translation;

import io.cubevk.domain.ValueStyle;
