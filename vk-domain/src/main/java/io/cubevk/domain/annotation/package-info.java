/**
 * The twelve {@code cube.ucloud.cn/cube-*} pod annotations of the seed's annotation table, read
 * into {@link io.cubevk.domain.cube.CubeOptions} (billing, business group, elastic IP, firewall).
 *
 * <p>{@link io.cubevk.domain.annotation.CubeAnnotations} applies the seed's defaults and
 * inheritance (the EIP's charge type follows the Cube's, postpay becoming dynamic; its quantity
 * follows the Cube's), and reports each bad value as a violation that names the annotation, the
 * value and what is accepted. Annotations that have no effect (EIP settings without an EIP, a
 * misspelt {@code cube-*} key) are warnings, so a typo is visible without failing the pod.
 */
@ValueStyle
package io.cubevk.domain.annotation;

import io.cubevk.domain.ValueStyle;
