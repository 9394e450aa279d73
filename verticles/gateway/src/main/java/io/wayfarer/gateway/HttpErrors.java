package io.wayfarer.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Every error the gateway answers has one shape: {@code {"error": {"code": <HTTP status>, "reason":
 * "...", "message": "..."}}}, the reason a word a client can act on, the message words a player can
 * read.
 */
final class HttpErrors {
  private HttpErrors() {}

  /**
   * The reason a client's code can act on, where the status alone does not say it (two kinds of
   * 503).
   */
  static final String OUTCOME_UNKNOWN = "outcome_unknown";

  static JsonObject body(int status, String message) {
    return body(status, reasonFor(status), message);
  }

  static JsonObject body(int status, String reason, String message) {
    return new JsonObject()
        .put(
            "error",
            new JsonObject().put("code", status).put("reason", reason).put("message", message));
  }

  static String reasonFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 421 -> "misdirected";
      case 429 -> "too_many_requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "refused";
    };
  }

  static void send(RoutingContext ctx, int status, String message) {
    send(ctx, status, body(status, message));
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
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
        .end(body.encode());
  }

  /**
   * The router's failure handler: a status the router chose, or 500 without leaking the exception.
   */
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
      case 421 -> "this server does not answer to that host name";
      case 503 -> "service unavailable, try again shortly";
      default -> status >= 500 ? "internal error" : "request refused";
    };
  }
}
