/**
 * The slice of a Kubernetes Pod the rules need ({@code PodView} and its parts), as immutable
 * values. The Kubernetes adapter maps client-java's {@code V1Pod} into it; the domain never sees
 * client types.
 */
@ValueStyle
package io.cubevk.domain.pod;

import io.cubevk.domain.ValueStyle;
