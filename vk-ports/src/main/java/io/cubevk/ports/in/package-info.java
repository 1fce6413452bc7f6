/**
 * In-ports: the use cases that drive cube-vk (run a virtual node, reconcile a pod, translate a pod,
 * open container streams, read stats). Each is a {@code *UseCase} interface with one job, taking a
 * command or query value.
 */
@ValueStyle
package io.cubevk.ports.in;

import io.cubevk.domain.ValueStyle;
