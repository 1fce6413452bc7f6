/**
 * The kubelet HTTPS API of a virtual node ({@link io.cubevk.adapter.k8s.kubelet.KubeletApiServer}),
 * an in-adapter: it drives the {@code ContainerStreamsUseCase} and {@code NodeStatsUseCase}
 * in-ports. Requests arrive as HTTP/1.1 over TLS on Netty event loops; exec, attach and
 * port-forward switch the connection to WebSocket or SPDY/3.1. Nothing here blocks an event loop:
 * calls that may block (reviews, opening a stream at the cloud, stats) run on a small bounded pool
 * and hop back; the cloud pushes stream data, which hops onto the connection's event loop.
 *
 * <p>Public: the server and its builder, {@link io.cubevk.adapter.k8s.kubelet.PodSource} and {@link
 * io.cubevk.adapter.k8s.kubelet.ClusterPodSource}; the subpackages {@code auth} and {@code tls}.
 * Everything else is package-private protocol machinery. docs/kubelet-api.md describes the
 * endpoints, protocols, authorisation mapping and limits.
 */
package io.cubevk.adapter.k8s.kubelet;
