package io.wayfarer.gateway;

import com.fasterxml.jackson.core.io.CharTypes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of SockJS's WebSocket transport, which the bridge speaks itself for its WebSocket
 * sockets (see {@link BusBridge#serveWebSocket}) so that a message is framed once for all of them:
 * {@code o} when a socket opens, {@code h} a heartbeat, {@code a[...]} messages as a JSON array of
 * strings, {@code c[code,"reason"]} before it closes; the client sends a JSON array of strings (or
 * one string).
 *
 * <p>Messages are escaped as SockJS servers escape them (every character outside ASCII, and the
 * control characters, as {@code \\uXXXX}): some browsers mangle the rest, which is why the protocol
 * asks for it.
 */
final class SockJsFrames {
  static final String OPEN = "o";
  static final String HEARTBEAT = "h";

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();

  private SockJsFrames() {}

  /** {@code a["message"]}: one message, escaped. */
  static String message(String message) {
    StringBuilder out = new StringBuilder(message.length() + 16).append("a[\"");
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      int escape = c < ESCAPES.length ? ESCAPES[c] : 0;
      if (c >= 0x80 || escape < 0) {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xF])
            .append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF])
            .append(HEX[c & 0xF]);
      } else if (escape > 0) {
        out.append('\\').append((char) escape);
      } else {
        out.append(c);
      }
    }
    return out.append("\"]").toString();
  }

  /** {@code c[code,"reason"]}: the socket is closing, and why. */
  static String close(int code, String reason) {
    return "c[" + code + "," + Json.encode(reason) + "]";
  }

  /**
   * What a client's frame carries: its strings, in order; an empty list for an empty frame; null
   * when it is not a JSON array of strings or a string.
   */
  static List<String> messages(String frame) {
    if (frame.isEmpty()) {
      return List.of();
    }
    Object value;
    try {
      value = Json.decodeValue(frame);
    } catch (DecodeException notJson) {
      return null;
    }
    if (value instanceof String one) {
      return List.of(one);
    }
    if (!(value instanceof JsonArray all)) {
      return null;
    }
    List<String> out = new ArrayList<>(all.size());
    for (Object o : all) {
      if (!(o instanceof String s)) {
        return null;
      }
      out.add(s);
    }
    return out;
  }
}
