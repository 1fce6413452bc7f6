/**
 * Kubernetes resource quantities as the rules need them: CPU in millicores, memory in bytes, parsed
 * from and rendered to Kubernetes' quantity strings ({@code 500m}, {@code 2}, {@code 2048Mi},
 * {@code 2Gi}).
 */
@ValueStyle
package io.cubevk.domain.resources;

import io.cubevk.domain.ValueStyle;
