package io.wayfarer.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The SockJS protocol's XHR transports spoken by hand, as sockjs-client speaks them when a browser
 * cannot use a WebSocket: {@code xhr} (long polling) or {@code xhr_streaming} to receive, {@code
 * xhr_send} to send. Frames the server sends are collected as JSON objects ({@code rec}, {@code
 * err}).
 */
final class SockJsXhr {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final int port;
  final String base;
  final String cookie;
  final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  volatile boolean opened;
  volatile boolean closed;

  /** The {@code Connection} header of the last response to {@link #post}, if any. */
  volatile String lastConnectionHeader;

  private volatile Stream<String> stream;

  private SockJsXhr(int port, String cookie) {
    this.port = port;
    this.base =
        "http://127.0.0.1:"
            + port
            + "/eventbus/"
            + (100 + (int) (Math.random() * 800))
            + "/"
            + UUID.randomUUID().toString().replace("-", "");
    this.cookie = cookie;
  }

  static SockJsXhr polling(int port, String cookie) {
    SockJsXhr s = new SockJsXhr(port, cookie);
    String first = s.post("/xhr", null, Duration.ofSeconds(30));
    if (!first.equals("o\n")) {
      throw new AssertionError("the session did not open: " + first);
    }
    s.opened = true;
    return s;
  }

  /** Opens a streaming session: one response that stays open and carries every frame as a line. */
  static SockJsXhr streaming(int port, String cookie) {
    SockJsXhr s = new SockJsXhr(port, cookie);
    Thread reader =
        new Thread(
            () -> {
              try {
                HttpResponse<Stream<String>> res =
                    HTTP.send(
                        s.request("/xhr_streaming", null, Duration.ofMinutes(5)),
                        HttpResponse.BodyHandlers.ofLines());
                s.stream = res.body();
                res.body().forEach(s::frame);
              } catch (IOException | RuntimeException e) {
                s.closed = true;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sockjs-xhr-streaming");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!s.opened && System.currentTimeMillis() < deadline) {
      sleep(20);
    }
    if (!s.opened) {
      throw new AssertionError("the streaming session did not open");
    }
    return s;
  }

  private HttpRequest request(String transport, String body, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + transport))
            .timeout(timeout)
            .header("Origin", "http://127.0.0.1:" + port)
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return b.build();
  }

  String post(String transport, String body, Duration timeout) {
    try {
      HttpResponse<String> res =
          HTTP.send(request(transport, body, timeout), HttpResponse.BodyHandlers.ofString());
      lastConnectionHeader = res.headers().firstValue("Connection").orElse(null);
      if (res.statusCode() >= 300) {
        throw new AssertionError(transport + " answered " + res.statusCode() + ": " + res.body());
      }
      return res.body();
    } catch (IOException e) {
      throw new AssertionError(transport + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Sends frames the way sockjs-client does: a JSON array of JSON-encoded strings. */
  void send(JsonObject... frameObjects) {
    JsonArray batch = new JsonArray();
    for (JsonObject f : frameObjects) {
      batch.add(f.encode());
    }
    post("/xhr_send", batch.encode(), Duration.ofSeconds(30));
  }

  /** One long poll: waits for the server's next frames (or its heartbeat) and collects them. */
  void poll() {
    for (String line : post("/xhr", null, Duration.ofSeconds(60)).split("\n")) {
      frame(line);
    }
  }

  private void frame(String line) {
    if (line.equals("o")) {
      opened = true;
    } else if (line.startsWith("c")) {
      closed = true;
    } else if (line.startsWith("a")) {
      for (Object o : new JsonArray(line.substring(1))) {
        frames.add(new JsonObject((String) o));
      }
    }
  }

  List<JsonObject> received(String address) {
    return frames.stream()
        .filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")))
        .toList();
  }

  List<JsonObject> errors() {
    return frames.stream().filter(f -> "err".equals(f.getString("type"))).toList();
  }

  void close() {
    Stream<String> s = stream;
    if (s != null) {
      s.close();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
