package io.cubevk.adapter.k8s.kubelet;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * The resize channel: a stream of JSON objects {@code {"Width":80,"Height":24}} (Go's JSON decoder
 * matches field names without regard to case, so client-java's lowercase ones count too), possibly
 * split across messages. Objects are cut at their closing brace; they nest nothing.
 */
final class TerminalSizes {

  private static final int MAX_PENDING = 4096;

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final BiConsumer<Integer, Integer> onSize;
  private int depth;

  TerminalSizes(BiConsumer<Integer, Integer> onSize) {
    this.onSize = onSize;
  }

  void feed(byte[] bytes) {
    for (byte b : bytes) {
      if (depth == 0 && b != '{') {
        continue;
      }
      pending.write(b);
      if (b == '{') {
        depth++;
      } else if (b == '}' && --depth == 0) {
        emit(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      }
      if (pending.size() > MAX_PENDING) {
        pending.reset();
        depth = 0;
      }
    }
  }

  private void emit(String json) {
    try {
      JsonObject object = JsonParser.parseString(json).getAsJsonObject();
      Integer width = null;
      Integer height = null;
      for (var entry : object.entrySet()) {
        if (entry.getKey().equalsIgnoreCase("width")) {
          width = entry.getValue().getAsInt();
        } else if (entry.getKey().equalsIgnoreCase("height")) {
          height = entry.getValue().getAsInt();
        }
      }
      if (width != null && height != null && width >= 0 && height >= 0) {
        onSize.accept(width, height);
      }
    } catch (RuntimeException e) {
      // kubelet stops reading resize events at the first undecodable one; skipping it is kinder.
    }
  }
}
