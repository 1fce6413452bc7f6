/**
 * Cube sizes: the (CPU, memory) pairs Cube accepts for a whole pod, and the rule that picks one.
 *
 * <p>A Cube is billed and scheduled as one box of a fixed size; the pod's containers share it. The
 * table of allowed sizes comes from the seed and cube-api.md and lives in {@link
 * io.cubevk.domain.size.CubeSize#ALLOWED} only. {@link io.cubevk.domain.size.SizeRule} turns a
 * pod's requests and limits into a need, picks the smallest allowed size covering it, and splits
 * that size into per-container limits (Cube requires a limit on every container, and the limits
 * must add up to the size).
 */
@ValueStyle
package io.cubevk.domain.size;

import io.cubevk.domain.ValueStyle;
