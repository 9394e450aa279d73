package io.wayfarer.shared.test;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test client for the SockJS event-bus bridge over its raw WebSocket endpoint, speaking the
 * bridge's JSON frames ({@code register}, {@code send}, {@code publish} out; {@code rec}, {@code
 * err} in) as a browser's client library would.
 */
public final class BridgeClient {
  /**
   * Held for the socket's whole life: Vert.x 5 closes a client that becomes unreachable, so a
   * client made and dropped in {@link #connect} dies at the next garbage collection, and its socket
   * with it.
   */
  private final WebSocketClient client;

  private final WebSocket ws;
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private volatile Consumer<JsonObject> listener = f -> {};
  private final io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();

  private BridgeClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.closeHandler(v -> closed.tryComplete());
    ws.handler(
        buf -> {
          JsonObject frame = buf.toJsonObject();
          frames.add(frame);
          listener.accept(frame);
        });
  }

  public static Future<BridgeClient> connect(Vertx vertx, int port) {
    return connect(vertx, port, MultiMap.caseInsensitiveMultiMap());
  }

  public static Future<BridgeClient> connect(Vertx vertx, int port, MultiMap headers) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/eventbus/websocket")
            .setHeaders(headers);
    WebSocketClient client = vertx.createWebSocketClient();
    return client.connect(options).map(ws -> new BridgeClient(client, ws));
  }

  /**
   * A socket as the game's page opens it: from the page's origin on {@code port}, and with the
   * session cookie of {@code sessionToken} when it is not null (a signed-in player's page).
   */
  public static Future<BridgeClient> fromPage(Vertx vertx, int port, String sessionToken) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Origin", "http://127.0.0.1:" + port);
    if (sessionToken != null) {
      headers.add("Cookie", "wf_session=" + sessionToken);
    }
    return connect(vertx, port, headers);
  }

  /** Called for every frame from now on (on a Vert.x thread). */
  public BridgeClient onFrame(Consumer<JsonObject> listener) {
    this.listener = listener;
    return this;
  }

  /** Completes when the server (or this client) closes the socket. */
  public Future<Void> closed() {
    return closed.future();
  }

  public List<JsonObject> frames() {
    return frames;
  }

  public Future<Void> register(String address) {
    return write(new JsonObject().put("type", "register").put("address", address));
  }

  public Future<Void> send(String address, JsonObject body, JsonObject headers) {
    return write(
        new JsonObject()
            .put("type", "send")
            .put("address", address)
            .put("body", body)
            .put("headers", headers));
  }

  public Future<Void> publish(String address, JsonObject body) {
    return write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  public Future<Void> write(JsonObject frame) {
    return ws.writeTextMessage(frame.encode());
  }

  /** Sends text as it is, well-formed or not: what a hostile or broken client might send. */
  public Future<Void> writeRaw(String text) {
    return ws.writeTextMessage(text);
  }

  public Future<Void> close() {
    return ws.close().eventually(client::close);
  }
}
