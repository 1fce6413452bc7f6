/**
 * Guice wiring: one module per adapter or feature, chosen by the CLI or the facade, never by a
 * conditional inside a module.
 *
 * <ul>
 *   <li>Cloud: {@link io.cubevk.app.wiring.FakeCloudModule} (the in-memory cloud), {@link
 *       io.cubevk.app.wiring.UCloudCloudModule} (the real Cube API), {@link
 *       io.cubevk.app.wiring.EmulatedUCloudModule} (the real adapter over the UCloud API emulator)
 *       or {@link io.cubevk.app.wiring.ProvidedCloudModule} (an embedder's own ports). Each binds
 *       the cloud ports under {@link io.cubevk.app.wiring.CloudAdapter}; {@link
 *       io.cubevk.app.wiring.MetricsModule} puts the metering decorator in front of them.
 *   <li>Cluster: {@link io.cubevk.app.wiring.KubernetesClusterModule} (client-java).
 *   <li>Engine: {@link io.cubevk.app.wiring.EngineModule} (pod engine and the node set).
 *   <li>Observability: {@link io.cubevk.app.wiring.MetricsModule} (always; a registry of its own
 *       when none is given) and {@link io.cubevk.app.wiring.MetricsServerModule} ({@code
 *       --metrics-port}: {@code /metrics}, {@code /healthz}, {@code /readyz}).
 *   <li>Kubelet API: {@link io.cubevk.app.wiring.KubeletApiModule} (one server per served node,
 *       opened by the node set before the Node registers; the sandbox, {@code run}, and the facade
 *       when asked).
 * </ul>
 *
 * <p>Modules do no I/O: everything that listens, connects or starts threads is a Guava {@code
 * Service} in one of three {@link io.cubevk.app.wiring.Tiers tiers}, which the {@link
 * io.cubevk.app.wiring.Agent} starts in order (infrastructure, engine, nodes) and stops in reverse,
 * so that no node registers before the pods can be served and no informer closes under a worker.
 */
package io.cubevk.app.wiring;
