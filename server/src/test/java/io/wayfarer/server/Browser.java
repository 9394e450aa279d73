package io.wayfarer.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

/**
 * One player's HTTP client, keeping its cookies as a browser would (same origin, so Origin is set
 * like a page's).
 */
final class Browser {
  final WebClientSession http;
  final int port;

  Browser(Vertx vertx, int port) {
    this.port = port;
    this.http =
        WebClientSession.create(
            WebClient.create(
                vertx,
                new WebClientOptions()
                    .setDefaultHost("127.0.0.1")
                    .setDefaultPort(port)
                    // The gateway closes a connection idle for http.headerTimeoutMillis (10 s); a
                    // client keeping one longer may send on it just as it closes (a loaded run lost
                    // one order so). Like any well-behaved client, let go first.
                    .setKeepAliveTimeout(5)));
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return http.post(path)
        .putHeader("Origin", "http://127.0.0.1:" + port)
        .sendJsonObject(body)
        .await();
  }

  HttpResponse<Buffer> get(String path) {
    return http.get(path).send().await();
  }

  HttpResponse<Buffer> register(String username, String password) {
    return post(
        "/api/auth/register", new JsonObject().put("username", username).put("password", password));
  }

  HttpResponse<Buffer> login(String username, String password) {
    return post(
        "/api/auth/login", new JsonObject().put("username", username).put("password", password));
  }

  /**
   * The session token from the cookie jar (tests use it to act as the same browser on a WebSocket).
   */
  String token() {
    for (var c : http.cookieStore().get(false, "127.0.0.1", "/")) {
      if (c.name().equals("wf_session")) {
        return c.value();
      }
    }
    return null;
  }

  /** Registers, logs in and creates a character; returns the character sheet. */
  JsonObject newCharacter(String username, String name, String cls) {
    expect(201, register(username, "a perfectly fine passphrase"));
    expect(200, login(username, "a perfectly fine passphrase"));
    return expect(
            201, post("/api/characters", new JsonObject().put("name", name).put("class", cls)))
        .bodyAsJsonObject();
  }

  static HttpResponse<Buffer> expect(int status, HttpResponse<Buffer> res) {
    if (res.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + res.statusCode() + ": " + res.bodyAsString());
    }
    return res;
  }
}
