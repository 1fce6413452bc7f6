package io.cubevk.adapter.fake.apiserver.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Header rules of a proxy: what is per connection, what must not travel to the kubelet. */
final class Headers {

  private Headers() {}

  /** Drops the headers that describe one connection (RFC 9110 §7.6.1), keeping upgrades aside. */
  static void dropHopByHop(HttpHeaders headers) {
    headers.remove(HttpHeaderNames.CONNECTION);
    headers.remove(HttpHeaderNames.KEEP_ALIVE);
    headers.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
    headers.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
    headers.remove(HttpHeaderNames.TE);
    headers.remove(HttpHeaderNames.TRAILER);
    headers.remove("Proxy-Connection");
  }

  /**
   * The client's headers as the kubelet may see them: the API server authenticated the client
   * already and removed its credentials (the kubelet authenticates the API server instead), and
   * impersonation was applied; both stay behind.
   */
  static void dropCredentials(HttpHeaders headers) {
    headers.remove(HttpHeaderNames.AUTHORIZATION);
    headers.remove(HttpHeaderNames.COOKIE);
    List<String> impersonation = new ArrayList<>();
    for (String name : headers.names()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("impersonate-")) {
        impersonation.add(name);
      }
    }
    impersonation.forEach(headers::remove);
  }

  /** The values of a comma-separated header, each trimmed, over all its occurrences. */
  static List<String> values(HttpHeaders headers, CharSequence name) {
    List<String> out = new ArrayList<>();
    for (String value : headers.getAll(name)) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}
