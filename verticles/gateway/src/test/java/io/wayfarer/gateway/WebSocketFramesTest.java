package io.wayfarer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.test.TestInfra;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frames the bridge encodes once are byte for byte those Netty's own encoder writes for a
 * server, and a WebSocket upgraded through vertx-web's router still exposes the place in its
 * pipeline where they are written.
 */
@ExtendWith(VertxExtension.class)
class WebSocketFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
  void aTextFrameIsWhatNettyWouldWrite(int length) {
    String text = "é".repeat(length / 2) + "x".repeat(length % 2);
    assertEquals(hex(netty(text)), hex(WebSocketFrames.text(text)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65_536})
  void aBinaryFrameIsWhatNettyWouldWrite(int length) {
    byte[] payload = "{}".repeat(length / 2).getBytes(StandardCharsets.UTF_8);
    assertEquals(
        hex(encoded(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)))),
        hex(WebSocketFrames.binary(payload)));
  }

  @Test
  void writingADuplicateLeavesTheFrameWhole() {
    ByteBuf frame = WebSocketFrames.text("a[\"tick\"]");
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.writeOutbound(frame.duplicate());
    channel.writeOutbound(frame.duplicate());
    ByteBuf first = channel.readOutbound();
    ByteBuf second = channel.readOutbound();
    assertEquals(hex(frame), hex(first));
    assertEquals(hex(frame), hex(second));
    first.release();
    second.release();
    assertEquals(hex(netty("a[\"tick\"]")), hex(frame));
  }

  @Test
  void aRoutedRequestExposesItsChannel(Vertx vertx) {
    Router router = Router.router(vertx);
    router
        .get("/channel")
        .handler(ctx -> ctx.end(String.valueOf(BusBridge.channelOf(ctx.request()) != null)));
    int port = TestInfra.freePort();
    vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await();
    // Held in a variable: Vert.x closes a client that is no longer reachable.
    HttpClient client = vertx.createHttpClient();
    String answer =
        client
            .request(HttpMethod.GET, port, "127.0.0.1", "/channel")
            .compose(req -> req.send().compose(res -> res.body()))
            .await()
            .toString();
    assertEquals("true", answer);
  }

  @Test
  void framesGoInBelowTheWebSocketEncoder() {
    // The pipeline of an upgraded socket: Vert.x's encoder is Netty's, under its own handler.
    EmbeddedChannel channel =
        new EmbeddedChannel(new WebSocket08FrameEncoder(false), new ChannelInboundHandlerAdapter());
    ChannelHandlerContext below = BusBridge.belowEncoder(channel);
    assertEquals(WebSocket08FrameEncoder.class, below.handler().getClass());
    below.writeAndFlush(WebSocketFrames.text("a[\"tick\"]").duplicate());
    ByteBuf written = channel.readOutbound();
    assertEquals(hex(netty("a[\"tick\"]")), hex(written));
    written.release();
  }

  @Test
  void aCompressedSocketGetsItsFramesEncodedPerSocket() {
    // permessage-deflate's encoder works on frames, above the WebSocket encoder: a frame written
    // below would go uncompressed, so the bridge writes such a socket's frames as Vert.x does.
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new WebSocket08FrameEncoder(false),
            new WebSocketExtensionEncoder() {
              @Override
              protected void encode(
                  ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
                out.add(msg.retain());
              }
            },
            new ChannelInboundHandlerAdapter());
    assertNull(BusBridge.belowEncoder(channel));
  }

  private static ByteBuf netty(String text) {
    return encoded(new TextWebSocketFrame(text));
  }

  private static ByteBuf encoded(WebSocketFrame frame) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    channel.writeOutbound(frame);
    ByteBuf out = Unpooled.buffer();
    for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
      out.writeBytes(part);
      part.release();
    }
    return out;
  }

  private static String hex(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }
}
