package io.cubevk.adapter.fake.cloud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What listens on a declared container port in the fake: an HTTP/1.1 responder when the client
 * speaks HTTP (every request gets a 200 with a one-line text body naming the Cube, container, port,
 * method and path; keep-alive and pipelining work, {@code Connection: close} ends the connection),
 * and an echo server for any other bytes.
 */
final class PortResponder {

  private static final List<String> METHODS =
      List.of("GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ");

  private enum Mode {
    UNDECIDED,
    HTTP,
    ECHO
  }

  private final String who;
  private Mode mode = Mode.UNDECIDED;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private boolean closeRequested;

  /**
   * @param who how the answer names the listener, e.g. {@code cube-ab12cd34 (pod web) container
   *     nginx port 80}
   */
  PortResponder(String who) {
    this.who = who;
  }

  /** Takes the client's bytes and returns the answers they complete, in order. */
  List<byte[]> receive(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    if (mode == Mode.ECHO) {
      out.add(bytes.clone());
      return out;
    }
    buffer.writeBytes(bytes);
    if (mode == Mode.UNDECIDED) {
      mode = decide(buffer.toString(StandardCharsets.ISO_8859_1));
      if (mode == Mode.ECHO) {
        out.add(buffer.toByteArray());
        buffer.reset();
        return out;
      }
      if (mode == Mode.UNDECIDED) {
        return out;
      }
    }
    answerCompleteRequests(out);
    return out;
  }

  /** The client sent {@code Connection: close}: end after the answers. */
  boolean closeRequested() {
    return closeRequested;
  }

  private static Mode decide(String start) {
    for (String m : METHODS) {
      if (start.startsWith(m)) {
        return Mode.HTTP;
      }
      if (m.startsWith(start)) {
        return Mode.UNDECIDED;
      }
    }
    return Mode.ECHO;
  }

  private void answerCompleteRequests(List<byte[]> out) {
    while (!closeRequested) {
      String text = buffer.toString(StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        return;
      }
      String[] lines = text.substring(0, headEnd).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      String method = requestLine[0];
      String path = requestLine.length > 1 ? requestLine[1] : "/";
      long contentLength = 0;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("content-length")) {
          contentLength = Long.parseLong(value);
        } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
          closeRequested = true;
        }
      }
      long total = headEnd + 4 + contentLength;
      if (text.length() < total) {
        closeRequested = false;
        return;
      }
      byte[] rest = buffer.toByteArray();
      buffer.reset();
      buffer.write(rest, (int) total, rest.length - (int) total);
      out.add(answer(method, path));
    }
  }

  private byte[] answer(String method, String path) {
    byte[] body =
        ("fake Cube " + who + ": " + method + " " + path + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "Server: fake-cube\r\n"
            + (closeRequested ? "Connection: close\r\n" : "")
            + "\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    if (!method.equals("HEAD")) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }
}
