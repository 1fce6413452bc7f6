package io.cubevk.adapter.k8s.kubelet;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /portForward/{ns}/{pod}}: SPDY/3.1 ({@code portforward.k8s.io}), SPDY tunnelled in a
 * WebSocket ({@code SPDY/3.1+portforward.k8s.io}, kubectl 1.31+), or the older WebSocket protocol
 * with the ports in the query. The use case is asked for each forwarded connection, not before the
 * upgrade: the port's session only exists once a client connects to it, so an unknown pod shows up
 * as an error on that connection's error stream (kubectl checks the pod first anyway).
 */
final class PortForwardEndpoint {

  static final List<String> WEB_SOCKET_PROTOCOLS =
      List.of(
          WebSocketTunnel.PROTOCOL,
          WebSocketPortForward.V4,
          WebSocketPortForward.V4_BASE64,
          WebSocketPortForward.LEGACY);

  private PortForwardEndpoint() {}

  static void serve(Exchange exchange, Route route) {
    KubeletRequest request = exchange.request();
    ServerContext server = exchange.server();
    if (request.isWebSocketUpgrade()) {
      Optional<String> protocol = Upgrades.webSocketProtocol(request, WEB_SOCKET_PROTOCOLS);
      if (protocol.isEmpty()) {
        exchange.respond(
            HttpResponseStatus.BAD_REQUEST,
            "requested protocol(s) are not supported; supports " + WEB_SOCKET_PROTOCOLS);
        return;
      }
      if (protocol.get().equals(WebSocketTunnel.PROTOCOL)) {
        StreamLimiter.Permit permit = acquire(exchange);
        if (permit == null) {
          return;
        }
        SpdySession session = spdySession(exchange, route, permit);
        Upgrades.toWebSocket(
            exchange,
            protocol.get(),
            new WebSocketControl(),
            new WebSocketTunnel(),
            spdyCodec(),
            session);
        return;
      }
      List<Integer> ports;
      try {
        ports = ports(request);
      } catch (QueryValues.BadValue e) {
        exchange.respond(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        return;
      }
      StreamLimiter.Permit permit = acquire(exchange);
      if (permit == null) {
        return;
      }
      Upgrades.toWebSocket(
          exchange,
          protocol.get(),
          new io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator(
              server.limits().maxMessageBytes()),
          new WebSocketControl(),
          new WebSocketPortForward(server, route.podRef(), ports, protocol.get(), permit));
      return;
    }
    if (request.isSpdyUpgrade()) {
      List<String> supported = List.of(SpdyPortForward.PROTOCOL);
      Optional<String> protocol = Upgrades.spdyProtocol(request, supported);
      if (protocol.isEmpty()) {
        exchange.respond(Upgrades.spdyVersionRefusal(request, supported));
        return;
      }
      StreamLimiter.Permit permit = acquire(exchange);
      if (permit == null) {
        return;
      }
      Upgrades.toSpdy(exchange, protocol.get(), spdySession(exchange, route, permit));
      return;
    }
    exchange.respond(HttpResponseStatus.BAD_REQUEST, "Upgrade request required");
  }

  private static StreamLimiter.Permit acquire(Exchange exchange) {
    StreamLimiter slots = exchange.server().streamSlots();
    StreamLimiter.Permit permit = slots.tryPermit();
    if (permit == null) {
      exchange.respond(HttpResponses.tooManyStreams(slots.limit()));
    }
    return permit;
  }

  private static SpdySession spdySession(
      Exchange exchange, Route route, StreamLimiter.Permit permit) {
    ServerContext server = exchange.server();
    SpdyPortForward protocol =
        new SpdyPortForward(server, route.podRef(), exchange.channel().eventLoop(), permit);
    SpdySession session =
        new SpdySession(
            protocol,
            server.limits().maxSpdyStreamsPerConnection(),
            server.limits().closeGracePeriod());
    protocol.start(session);
    return session;
  }

  private static io.netty.handler.codec.spdy.SpdyFrameCodec spdyCodec() {
    return new io.netty.handler.codec.spdy.SpdyFrameCodec(
        io.netty.handler.codec.spdy.SpdyVersion.SPDY_3_1);
  }

  /**
   * The ports of the WebSocket protocol: kubelet reads {@code port} (the API server translates its
   * {@code ports}); clients that call the kubelet directly send {@code ports}; both may repeat or
   * hold comma-separated lists.
   */
  static List<Integer> ports(KubeletRequest request) throws QueryValues.BadValue {
    List<String> values = new ArrayList<>(request.params("port"));
    values.addAll(request.params("ports"));
    if (values.isEmpty()) {
      throw new QueryValues.BadValue("query parameter \"port\" is required");
    }
    List<Integer> ports = new ArrayList<>();
    for (String value : values) {
      if (value.isEmpty()) {
        throw new QueryValues.BadValue("query parameter \"port\" cannot be empty");
      }
      for (String p : value.split(",")) {
        int port;
        try {
          port = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
          throw new QueryValues.BadValue("unable to parse \"" + value + "\" as a port");
        }
        if (port < 1 || port > 65535) {
          throw new QueryValues.BadValue("port \"" + value + "\" must be > 0");
        }
        ports.add(port);
      }
    }
    return ports;
  }
}
