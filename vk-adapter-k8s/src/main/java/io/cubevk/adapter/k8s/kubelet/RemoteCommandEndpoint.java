package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.util.Optional;

/**
 * {@code /exec/{ns}/{pod}/{container}} and {@code /attach/…}: an upgrade to WebSocket (v5, v4, v1
 * and their base64 variants) or to SPDY/3.1 (v4 down to v1), as kubelet serves them. The request is
 * checked and the session opened before the upgrade, so a missing pod or container is a plain HTTP
 * error; only then does the connection switch protocols.
 */
final class RemoteCommandEndpoint {

  private RemoteCommandEndpoint() {}

  static void serve(Exchange exchange, Route route) {
    KubeletRequest request = exchange.request();
    boolean exec = route.kind() == Route.Kind.EXEC;
    RemoteCommandOptions options;
    try {
      options = RemoteCommandOptions.parse(request, exec);
    } catch (QueryValues.BadValue e) {
      exchange.respond(HttpResponseStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    Optional<String> webSocketProtocol = Optional.empty();
    Optional<String> spdyProtocol = Optional.empty();
    if (request.isWebSocketUpgrade()) {
      webSocketProtocol = Upgrades.webSocketProtocol(request, WebSocketRemoteCommand.PROTOCOLS);
      if (webSocketProtocol.isEmpty()) {
        exchange.respond(
            HttpResponseStatus.BAD_REQUEST,
            "requested protocol(s) are not supported: "
                + request.headerTokens(
                    io.netty.handler.codec.http.HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)
                + "; supports "
                + WebSocketRemoteCommand.PROTOCOLS);
        return;
      }
    } else if (request.isSpdyUpgrade()) {
      spdyProtocol = Upgrades.spdyProtocol(request, SpdyRemoteCommand.PROTOCOLS);
      if (spdyProtocol.isEmpty()) {
        exchange.respond(Upgrades.spdyVersionRefusal(request, SpdyRemoteCommand.PROTOCOLS));
        return;
      }
    } else {
      exchange.respond(HttpResponseStatus.BAD_REQUEST, "Upgrade request required");
      return;
    }
    StreamLimiter slots = exchange.server().streamSlots();
    StreamLimiter.Permit permit = slots.tryPermit();
    if (permit == null) {
      exchange.respond(HttpResponses.tooManyStreams(slots.limit()));
      return;
    }
    ServerContext server = exchange.server();
    RemoteCommandBridge bridge =
        new RemoteCommandBridge(
            exchange.channel().eventLoop(), permit, server.limits().maxBufferedBytesPerStream());
    ExecRequest execRequest = options.toExecRequest(route.containerName());
    ContainerStreamsUseCase streams = server.streams();
    Optional<String> ws = webSocketProtocol;
    Optional<String> spdy = spdyProtocol;
    exchange.offload(
        () ->
            exec
                ? streams.exec(route.podRef(), execRequest, bridge)
                : streams.attach(route.podRef(), execRequest, bridge),
        session -> upgrade(exchange, options, bridge, session, ws, spdy),
        failure -> {
          bridge.clientGone();
          exchange.respond(
              StreamFailures.response(
                  failure, route.kind(), route.podRef(), route.containerName()));
        });
  }

  private static void upgrade(
      Exchange exchange,
      RemoteCommandOptions options,
      RemoteCommandBridge bridge,
      ExecSession session,
      Optional<String> webSocketProtocol,
      Optional<String> spdyProtocol) {
    bridge.opened(session);
    if (!exchange.channel().isActive()) {
      bridge.clientGone();
      return;
    }
    ServerContext.Limits limits = exchange.server().limits();
    if (webSocketProtocol.isPresent()) {
      Upgrades.toWebSocket(
          exchange,
          webSocketProtocol.get(),
          new WebSocketFrameAggregator(limits.maxMessageBytes()),
          new WebSocketControl(),
          new WebSocketRemoteCommand(
              webSocketProtocol.get(),
              options,
              bridge,
              limits.closeGracePeriod(),
              limits.maxBufferedBytesPerStream()));
      return;
    }
    SpdyRemoteCommand protocol =
        new SpdyRemoteCommand(
            SpdyRemoteCommand.Version.of(spdyProtocol.orElseThrow()),
            options,
            bridge,
            exchange.channel().eventLoop(),
            limits.streamCreationTimeout(),
            limits.maxBufferedBytesPerStream());
    SpdySession spdySession =
        new SpdySession(protocol, limits.maxSpdyStreamsPerConnection(), limits.closeGracePeriod());
    protocol.start(spdySession);
    Upgrades.toSpdy(exchange, spdyProtocol.get(), spdySession);
  }
}
