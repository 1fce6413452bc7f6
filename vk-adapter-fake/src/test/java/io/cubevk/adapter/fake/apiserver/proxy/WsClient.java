package io.cubevk.adapter.fake.apiserver.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A WebSocket client for the proxy's tests (OkHttp: the JDK's client rejects {@code /} in a
 * subprotocol, which port-forward's tunnel uses): every binary message kept, the handshake's
 * answer, the close code.
 */
final class WsClient implements AutoCloseable {

  final List<byte[]> messages = new CopyOnWriteArrayList<>();
  final CompletableFuture<Response> opened = new CompletableFuture<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  WsClient(String url, String... protocols) {
    OkHttpClient client = new OkHttpClient();
    socket =
        client.newWebSocket(
            new Request.Builder()
                .url(url)
                .header("Sec-WebSocket-Protocol", String.join(",", protocols))
                .build(),
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(response);
              }

              @Override
              public void onMessage(WebSocket webSocket, ByteString bytes) {
                messages.add(bytes.toByteArray());
              }

              @Override
              public void onClosing(WebSocket webSocket, int code, String reason) {
                closed.complete(code);
                webSocket.close(1000, null);
              }

              @Override
              public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                opened.completeExceptionally(t);
                closed.completeExceptionally(t);
              }
            });
  }

  Response awaitOpen() throws Exception {
    return opened.get(10, TimeUnit.SECONDS);
  }

  void send(byte[] bytes) {
    socket.send(ByteString.of(bytes));
  }

  /** Sends one channel message: the channel byte, then the text. */
  void send(int channel, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] m = new byte[t.length + 1];
    m[0] = (byte) channel;
    System.arraycopy(t, 0, m, 1, t.length);
    send(m);
  }

  /** Everything received on a channel, as text. */
  String channel(int channel) {
    StringBuilder out = new StringBuilder();
    for (byte[] m : messages) {
      if (m.length > 0 && (m[0] & 0xff) == channel) {
        out.append(new String(m, 1, m.length - 1, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    socket.close(1000, null);
  }
}
