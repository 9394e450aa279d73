package io.wayfarer.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every error the gateway answers has one shape: {@code {"error": {"code": <HTTP status>, "message": "..."}}}. */
final class HttpErrors {
  private HttpErrors() {}

  static JsonObject body(int status, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", status).put("message", message));
  }

  static void send(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body(status, message).encode());
  }

  /** The router's failure handler: a status the router chose, or 500 without leaking the exception. */
  static void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    send(ctx, status, messageFor(status));
  }

  static String messageFor(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "log in first";
      case 403 -> "forbidden";
      case 404 -> "no such resource";
      case 405 -> "method not allowed here";
      case 413 -> "request body too large";
      case 429 -> "too many requests; slow down";
      case 415 -> "unsupported media type";
      case 503 -> "service unavailable, try again shortly";
      default -> status >= 500 ? "internal error" : "request refused";
    };
  }
}
