package io.cubevk.adapter.fake.apiserver;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A request as the server handles it: copied out of Netty's buffers, plus who sent it. */
final class ApiRequest {
  final String method;
  final String uri;
  final String path;
  final String query;
  final Map<String, List<String>> params;
  final HttpHeaders headers;
  final byte[] body;
  final Instant received;
  Identity identity = Identity.ANONYMOUS;

  ApiRequest(FullHttpRequest req, Instant received) {
    this.method = req.method().name();
    this.uri = req.uri();
    QueryStringDecoder d = new QueryStringDecoder(req.uri());
    this.path = d.path();
    this.query = d.rawQuery();
    this.params = d.parameters();
    this.headers = req.headers().copy();
    byte[] b = new byte[req.content().readableBytes()];
    req.content().getBytes(req.content().readerIndex(), b);
    this.body = b;
    this.received = received;
  }

  /** The first value of a query parameter, or null. */
  String param(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A boolean query parameter ("true" or "1"). */
  boolean flag(String name) {
    String v = param(name);
    return "true".equalsIgnoreCase(v) || "1".equals(v);
  }

  /** Whether {@code dryRun=All} was asked for. */
  boolean dryRun() {
    List<String> v = params.get("dryRun");
    return v != null && v.contains("All");
  }

  /** Whether the client asked for {@code meta.k8s.io} Tables. */
  boolean wantsTable() {
    String accept = headers.get("Accept", "");
    for (String part : accept.split(",")) {
      if (part.contains("as=Table") && !part.contains("v=v1beta1")) {
        return true;
      }
    }
    return false;
  }

  /** The media type of the body, without parameters. */
  String contentType() {
    String ct = headers.get("Content-Type", "");
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim();
  }
}
