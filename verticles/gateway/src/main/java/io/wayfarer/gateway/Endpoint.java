package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.input.Form;

/**
 * One row of the HTTP API's table ({@link Api}): its method and path, who may call it, the form of
 * its body, and either the bus command it sends (the body checked by that command's own rules, the
 * session's player id and the path's parameters attached) or, for the few routes that do more than
 * forward (cookies, the clock's reading), its handler. The router and {@code /api/openapi.json} are
 * both made from these rows, so they cannot disagree.
 *
 * @param formName the name the browser looks the form up by in {@code GET /api/limits} (null
 *     without a body)
 */
record Endpoint(
    HttpMethod method,
    String path,
    Access access,
    String formName,
    Form form,
    int status,
    String summary,
    Command<?, ?> command,
    Handler<RoutingContext> handler) {

  /** Who may call a route. */
  enum Access {
    /** Anyone, signed in or not. */
    ANYONE,
    /** A signed-in player; the session's player id goes with the command. */
    PLAYER,
    /** A signed-in admin. */
    ADMIN
  }

  /** A route that sends {@code command}; its body's form is the command's own. */
  static Endpoint sends(
      HttpMethod method,
      String path,
      Access access,
      String formName,
      Command<?, ?> command,
      int status) {
    return new Endpoint(
        method,
        path,
        access,
        formName,
        formName == null ? null : command.form(),
        status,
        command.summary(),
        command,
        null);
  }

  /** A route with its own handler. */
  static Endpoint handles(
      HttpMethod method,
      String path,
      Access access,
      String formName,
      Form form,
      int status,
      String summary,
      Handler<RoutingContext> handler) {
    return new Endpoint(method, path, access, formName, form, status, summary, null, handler);
  }
}
