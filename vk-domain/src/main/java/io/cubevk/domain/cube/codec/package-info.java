/**
 * The one place that knows the Cube YAML dialect (cube-api.md): rendering a {@link
 * io.cubevk.domain.cube.CubeDocument} deterministically and parsing stored documents, status
 * included. The UCloud adapter, the UCloud API emulator and the CLI all go through it, so a
 * correction to the format is one edit here. This is the only domain package allowed to use
 * SnakeYAML.
 */
@ValueStyle
package io.cubevk.domain.cube.codec;

import io.cubevk.domain.ValueStyle;
