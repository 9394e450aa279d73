package io.wayfarer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.ext.web.handler.sockjs.impl.JsonCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own SockJS frames are the bytes SockJS itself would send (its codec is the
 * reference), and a client's frames are read as SockJS reads them.
 */
class SockJsFramesTest {
  @Test
  void aMessageIsEscapedAsSockJsEscapesIt() {
    for (String message :
        List.of(
            "",
            "{\"type\":\"rec\",\"address\":\"world.clock\",\"body\":{\"minute\":5}}",
            "quotes \" and \\ backslashes / slashes",
            "controls \u0000 \u0001 \b \t \n \f \r \u001f \u007f",
            "Grüße, café, naïve",
            "separators \u2028 \u2029, bidi \u202e, zero width \u200b \ufeff \uffff",
            "a snowman \u2603 and a dragon \uD83D\uDC09",
            "x".repeat(5000))) {
      assertEquals(
          "a" + JsonCodec.encode(new String[] {message}), SockJsFrames.message(message), message);
    }
  }

  @Test
  void aClientsFrameIsItsMessages() {
    assertEquals(List.of("a", "b"), SockJsFrames.messages("[\"a\",\"b\"]"));
    assertEquals(List.of("one"), SockJsFrames.messages("\"one\""));
    assertEquals(List.of(), SockJsFrames.messages(""));
    assertEquals(List.of(), SockJsFrames.messages("[]"));
    assertEquals(List.of("\u2603"), SockJsFrames.messages("[\"\\u2603\"]"));
    assertNull(SockJsFrames.messages("[\"unclosed"));
    assertNull(SockJsFrames.messages("[1,2]"));
    assertNull(SockJsFrames.messages("{\"type\":\"ping\"}"));
    assertNull(SockJsFrames.messages("7"));
  }

  @Test
  void aCloseSaysItsCodeAndReason() {
    assertEquals("c[4001,\"session ended\"]", SockJsFrames.close(4001, "session ended"));
    assertEquals("c[3000,\"Go away!\"]", SockJsFrames.close(3000, "Go away!"));
  }
}
