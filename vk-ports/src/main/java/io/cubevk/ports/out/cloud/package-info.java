/**
 * The cloud out-ports: {@link io.cubevk.ports.out.cloud.CubeCloud} (Cube instances and their
 * container streams), {@link io.cubevk.ports.out.cloud.ElasticIps} and {@link
 * io.cubevk.ports.out.cloud.Disks}.
 *
 * <p>Contracts every implementation keeps (the abstract {@code CubeCloudContractTest} checks them):
 *
 * <ul>
 *   <li>Every failure is a {@link io.cubevk.ports.out.cloud.CloudFailure}; its {@code retryable()}
 *       tells the caller whether trying again can help. Messages never carry credentials.
 *   <li>{@code create} is never retried by an implementation once the request may have reached the
 *       cloud: an ambiguous failure is {@link
 *       io.cubevk.ports.out.cloud.CloudFailure.OutcomeUnknown}, and the caller looks the Cube up by
 *       pod uid before creating again.
 *   <li>{@code delete} of a Cube that does not exist fails with {@link
 *       io.cubevk.ports.out.cloud.CloudFailure.NotFound}, as the real API does; callers treat it as
 *       done.
 *   <li>{@code list} returns every Cube of the group, across all pages, each once.
 *   <li>Streams are push-based (callbacks, no thread per stream) so that many concurrent {@code
 *       logs -f} need no thread each; callbacks must not block.
 *   <li>A stream the implementation cannot provide fails with {@link
 *       io.cubevk.ports.out.cloud.CloudFailure.Unsupported}, and {@code capabilities()} says so in
 *       advance; it is never faked.
 * </ul>
 */
@ValueStyle
package io.cubevk.ports.out.cloud;

import io.cubevk.domain.ValueStyle;
