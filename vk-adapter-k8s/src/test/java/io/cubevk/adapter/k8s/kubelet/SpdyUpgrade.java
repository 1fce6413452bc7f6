package io.cubevk.adapter.k8s.kubelet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw HTTP/1.1 upgrade to SPDY/3.1 over TLS, byte for byte as client-go's SPDY round tripper
 * sends it (the JDK's HTTP client refuses to send {@code Upgrade} headers), then a SPDY session on
 * the socket with a reader thread feeding it.
 */
final class SpdyUpgrade implements AutoCloseable {

  final int status;
  final Map<String, String> headers;
  final String body;
  final SpdyTestSession session;
  private final SSLSocket socket;

  private SpdyUpgrade(
      int status,
      Map<String, String> headers,
      String body,
      SpdyTestSession session,
      SSLSocket socket) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.session = session;
    this.socket = socket;
  }

  static SpdyUpgrade connect(
      SSLContext tls, int port, String pathAndQuery, String token, String protocolVersions)
      throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    socket.startHandshake();
    OutputStream out = socket.getOutputStream();
    StringBuilder request =
        new StringBuilder("POST " + pathAndQuery + " HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:")
            .append(port)
            .append("\r\n")
            .append("Connection: Upgrade\r\n")
            .append("Upgrade: SPDY/3.1\r\n")
            .append("Content-Length: 0\r\n");
    if (token != null) {
      request.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    if (protocolVersions != null) {
      request.append("X-Stream-Protocol-Version: ").append(protocolVersions).append("\r\n");
    }
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();

    InputStream in = socket.getInputStream();
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim(),
          (a, b) -> a + "," + b);
    }
    if (status != 101) {
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      socket.close();
      return new SpdyUpgrade(status, headers, body, null, socket);
    }
    SpdyTestSession session =
        new SpdyTestSession(
            bytes -> {
              try {
                synchronized (out) {
                  out.write(bytes);
                  out.flush();
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  session.feed(java.util.Arrays.copyOf(buffer, n));
                }
              } catch (IOException e) {
                // closed
              }
              session.connectionClosed = true;
            },
            "spdy-test-reader");
    reader.setDaemon(true);
    reader.start();
    return new SpdyUpgrade(status, headers, "", session, socket);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  boolean isClosed() {
    return session.connectionClosed;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
