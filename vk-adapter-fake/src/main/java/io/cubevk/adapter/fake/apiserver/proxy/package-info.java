/**
 * The API server's side of the kubelet API: what a real API server does for {@code pods/log},
 * {@code pods/exec}, {@code pods/attach}, {@code pods/portforward} and {@code nodes/proxy}, and
 * what metrics-server adds for {@code metrics.k8s.io}.
 *
 * <p>{@link io.cubevk.adapter.fake.apiserver.proxy.KubeletProxy} finds the node's kubelet endpoint
 * ({@code status.addresses} InternalIP and {@code status.daemonEndpoints.kubeletEndpoint.Port}),
 * connects over TLS with the API server's kubelet client certificate ({@link
 * io.cubevk.adapter.fake.apiserver.proxy.KubeletClient}) and streams both ways, on the client
 * connection's own event loop (no thread per stream). Like a 1.30+ API server it translates a
 * client's WebSocket {@code v5.channel.k8s.io} exec or attach into SPDY towards the kubelet, serves
 * port-forward's SPDY-in-WebSocket tunnel by upgrading to SPDY at the kubelet and carrying the
 * bytes in binary messages, and passes every other upgrade (plain SPDY, older WebSocket protocols)
 * and plain request through as it is.
 *
 * <p>{@link io.cubevk.adapter.fake.apiserver.proxy.MetricsApi} scrapes the kubelets' {@code
 * /metrics/resource} while someone asks for metrics, keeps the last two points of every container
 * and node, and answers {@code metrics.k8s.io/v1beta1} with CPU rates between them, as
 * metrics-server does, so that {@code kubectl top} works.
 *
 * <p>Written after reading kubernetes' {@code apiserver/pkg/util/proxy} (the upgrade-aware handler,
 * the stream translator and the tunneling handler) and metrics-server's storage; the code is this
 * project's own, on Netty.
 */
package io.cubevk.adapter.fake.apiserver.proxy;
