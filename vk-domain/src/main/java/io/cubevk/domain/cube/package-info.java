/**
 * The Cube side of the translation: the Cube pod document ({@link io.cubevk.domain.cube.CubeSpec})
 * as values, the status Cube reports for it, and the options and placement CreateCubePod takes.
 *
 * <p>The document follows UCloud's Cube documentation (shared/design/cube-api.md): a
 * Kubernetes-like pod with plain env values, inline configMap/secret files, udisk and nfs volumes
 * and inline pull secrets. Its YAML form is owned by {@code codec.CubeDocumentCodec} alone.
 */
@ValueStyle
package io.cubevk.domain.cube;

import io.cubevk.domain.ValueStyle;
