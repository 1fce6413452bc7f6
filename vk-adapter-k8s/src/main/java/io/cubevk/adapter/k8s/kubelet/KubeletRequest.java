package io.cubevk.adapter.k8s.kubelet;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an HTTP request the kubelet API looks at, copied out of Netty's reference-counted
 * message so that the request can be handled asynchronously (authentication and the use cases run
 * off the event loop). Bodies are not kept: no kubelet endpoint reads one.
 */
record KubeletRequest(
    HttpMethod method,
    String uri,
    String path,
    Map<String, List<String>> query,
    HttpHeaders headers,
    boolean keepAlive,
    List<X509Certificate> peerCertificates,
    SocketAddress remoteAddress) {

  static KubeletRequest from(
      FullHttpRequest request, List<X509Certificate> peerCertificates, SocketAddress remote) {
    QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
    HttpHeaders headers = new DefaultHttpHeaders().set(request.headers());
    return new KubeletRequest(
        request.method(),
        request.uri(),
        decoder.path(),
        decoder.parameters(),
        headers,
        HttpUtil.isKeepAlive(request),
        peerCertificates,
        remote);
  }

  Optional<String> param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The bearer token of an {@code Authorization: Bearer …} header, if any. */
  Optional<String> bearerToken() {
    String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (authorization == null) {
      return Optional.empty();
    }
    String trimmed = authorization.trim();
    if (trimmed.length() > 7 && trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = trimmed.substring(7).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
    return Optional.empty();
  }

  private boolean connectionUpgrade() {
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        if (token.trim().equalsIgnoreCase("upgrade")) {
          return true;
        }
      }
    }
    return false;
  }

  boolean isWebSocketUpgrade() {
    return connectionUpgrade()
        && "websocket".equalsIgnoreCase(headers.get(HttpHeaderNames.UPGRADE));
  }

  boolean isSpdyUpgrade() {
    String upgrade = headers.get(HttpHeaderNames.UPGRADE);
    return connectionUpgrade()
        && upgrade != null
        && upgrade.toLowerCase(Locale.ROOT).contains("spdy/3.1");
  }

  /** The client's offered values of a comma-separated header, in its order of preference. */
  List<String> headerTokens(CharSequence name) {
    return headers.getAll(name).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A body-less copy for Netty's WebSocket handshaker, which reads the headers it validates. */
  FullHttpRequest toHandshakeRequest() {
    DefaultFullHttpRequest copy = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    copy.headers().set(headers);
    return copy;
  }
}
