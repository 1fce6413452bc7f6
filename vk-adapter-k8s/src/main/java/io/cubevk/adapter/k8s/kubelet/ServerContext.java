package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.auth.Authorizer;
import io.cubevk.adapter.k8s.kubelet.auth.TokenAuthenticator;
import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.NodeStatsUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** What every connection of one server shares: settings, use cases, limits, the blocking pool. */
record ServerContext(
    String nodeName,
    ContainerStreamsUseCase streams,
    NodeStatsUseCase stats,
    PodSource pods,
    Optional<TokenAuthenticator> tokens,
    Authorizer authorizer,
    ExecutorService blocking,
    StreamLimiter connections,
    StreamLimiter streamSlots,
    Limits limits,
    Clock clock) {

  /** Timeouts and sizes. */
  record Limits(
      Duration requestIdleTimeout,
      Duration streamingIdleTimeout,
      Duration streamCreationTimeout,
      Duration closeGracePeriod,
      long maxBufferedBytesPerStream,
      int maxMessageBytes,
      int maxSpdyStreamsPerConnection) {}
}
