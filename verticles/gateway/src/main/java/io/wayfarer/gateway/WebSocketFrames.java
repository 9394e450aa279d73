package io.wayfarer.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket text (or binary) frame as a server sends it (RFC 6455 §5.2: FIN and opcode 1 (2),
 * unmasked, the payload's length in 7, 16 or 64 bits), encoded once so that the same bytes go to
 * every socket that hears a message. The buffer is direct (written to a socket without a copy),
 * never released (each write takes a {@link ByteBuf#duplicate()} and the garbage collector frees
 * the memory once no socket's queue holds it).
 */
final class WebSocketFrames {
  private WebSocketFrames() {}

  static ByteBuf text(String text) {
    return frame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A binary frame (opcode 2) of {@code payload}, as the raw endpoint has always sent messages. */
  static ByteBuf binary(byte[] payload) {
    return frame(0x82, payload);
  }

  private static ByteBuf frame(int finAndOpcode, byte[] payload) {
    int n = payload.length;
    ByteBuffer frame = ByteBuffer.allocateDirect(n + (n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10));
    frame.put((byte) finAndOpcode);
    if (n <= 125) {
      frame.put((byte) n);
    } else if (n <= 0xFFFF) {
      frame.put((byte) 126).putShort((short) n);
    } else {
      frame.put((byte) 127).putLong(n);
    }
    frame.put(payload).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
  }
}
