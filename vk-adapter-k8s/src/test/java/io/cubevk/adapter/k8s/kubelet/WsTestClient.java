package io.cubevk.adapter.k8s.kubelet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for Kubernetes' channel protocols, on the JDK's WebSocket: it keeps every
 * message received, by channel, and sends channel-prefixed messages.
 */
final class WsTestClient implements WebSocket.Listener, AutoCloseable {

  final List<byte[]> messages = new CopyOnWriteArrayList<>();
  final List<String> textMessages = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final Map<Integer, StringBuilder> byChannel = new ConcurrentHashMap<>();
  private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
  private final StringBuilder partialText = new StringBuilder();
  private WebSocket socket;

  static WsTestClient connect(HttpClient client, URI uri, String token, String... subprotocols)
      throws Exception {
    WsTestClient listener = new WsTestClient();
    WebSocket.Builder builder = client.newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (subprotocols.length > 0) {
      builder.subprotocols(
          subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    listener.socket = builder.buildAsync(uri, listener).get(60, TimeUnit.SECONDS);
    return listener;
  }

  /** The HTTP status of a refused WebSocket handshake, from the client's exception. */
  static int refusedStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.http.WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
    }
    throw new AssertionError("not a refused handshake", failure);
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    synchronized (this) {
      partial.writeBytes(chunk);
      if (last) {
        byte[] message = partial.toByteArray();
        partial.reset();
        messages.add(message);
        if (message.length > 0) {
          byChannel
              .computeIfAbsent(message[0] & 0xff, c -> new StringBuilder())
              .append(new String(message, 1, message.length - 1, StandardCharsets.UTF_8));
        }
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    synchronized (this) {
      partialText.append(data);
      if (last) {
        String message = partialText.toString();
        partialText.setLength(0);
        textMessages.add(message);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** Everything received on a channel so far, as text. */
  synchronized String channel(int channel) {
    StringBuilder text = byChannel.get(channel);
    return text == null ? "" : text.toString();
  }

  /** The messages of a channel, each without its channel byte. */
  List<byte[]> channelMessages(int channel) {
    List<byte[]> result = new ArrayList<>();
    for (byte[] message : messages) {
      if (message.length > 0 && (message[0] & 0xff) == channel) {
        result.add(java.util.Arrays.copyOfRange(message, 1, message.length));
      }
    }
    return result;
  }

  void send(int channel, byte[] payload) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(payload.length + 1);
    buffer.put((byte) channel).put(payload).flip();
    socket.sendBinary(buffer, true).get(30, TimeUnit.SECONDS);
  }

  void send(int channel, String text) throws Exception {
    send(channel, text.getBytes(StandardCharsets.UTF_8));
  }

  void sendRaw(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }
    socket.abort();
  }
}
