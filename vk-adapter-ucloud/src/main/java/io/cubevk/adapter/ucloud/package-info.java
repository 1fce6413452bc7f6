/**
 * The real UCloud/Cube API client (Retrofit + Jackson over OkHttp) implementing the cloud out-ports
 * {@code CubeCloud}, {@code ElasticIps} and {@code Disks}; shared/design/cube-api.md is its
 * reference.
 *
 * <p>The public surface is small: {@link io.cubevk.adapter.ucloud.UCloudCubeCloud} and its builder,
 * and the values it takes ({@link io.cubevk.adapter.ucloud.UCloudCredentials}, {@link
 * io.cubevk.adapter.ucloud.UCloudEndpoint}, {@link io.cubevk.adapter.ucloud.UCloudRetryPolicy},
 * {@link io.cubevk.adapter.ucloud.Sleeper}). Everything else is package-private:
 *
 * <ul>
 *   <li>{@code UCloudParams} and {@code UCloudSigner}: flattening, value rendering and the SHA-1
 *       signature, so that what is signed is exactly what is sent;
 *   <li>{@code UCloudApi} (Retrofit) and {@code UCloudWire} (Jackson DTOs of the answers);
 *   <li>{@code UCloudTransport}: one call done properly (rate limit, attempt timeout, deadline,
 *       envelope, {@code RetCodeTable}, retries; creates never re-sent once the cloud may have
 *       acted), with {@code SendProgress} telling unsent requests from sent ones;
 *   <li>{@code CubeMapper}, {@code ExtendInfoMapper}, {@code MetricsMapper}: wire to domain values,
 *       the Cube document always through vk-domain's one codec;
 *   <li>{@code CubeApiAssumptions}: every fact the public documentation does not give, in one
 *       place; {@code CubeTerminalExec}: the opt-in exec over the unofficial web terminal;
 *   <li>{@code WireLog} and {@code Redactor}: the only logging of the wire, by allow-list, and the
 *       scrubbing of secrets out of foreign text.
 * </ul>
 *
 * <p>Contracts beyond the port's: credentials never appear in logs, messages or {@code toString};
 * every failure message starts with the action and the resource it addressed; the adapter holds no
 * mutable state besides the rate limiter and is safe to share between threads.
 */
package io.cubevk.adapter.ucloud;
