package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the gateway refuses before any route sees a request:
 *
 * <ul>
 *   <li>a connection that does not finish a request's headers within {@code
 *       http.headerTimeoutMillis}, from when it opened or from its previous response: slow
 *       half-open connections (slowloris) are closed instead of kept forever;
 *   <li>a request for a host name the operator did not list in {@code http.publicHosts}: a page on
 *       an attacker's domain pointed at this server (DNS rebinding) names that domain in {@code
 *       Host} and is refused, so same-origin checks against {@code Host} mean something.
 * </ul>
 *
 * One per gateway instance; its connections live on that instance's event loop.
 */
final class HttpEdge {
  private final Vertx vertx;
  private final long headerTimeoutMillis;
  private final Set<String> publicHosts;
  private final Map<HttpConnection, Long> deadlines = new HashMap<>();

  HttpEdge(Vertx vertx, long headerTimeoutMillis, List<String> publicHosts) {
    this.vertx = vertx;
    this.headerTimeoutMillis = headerTimeoutMillis;
    this.publicHosts =
        publicHosts.stream()
            .map(h -> h.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * For {@code HttpServer.connectionHandler}: a new connection must send its first request's
   * headers in time.
   */
  void connected(HttpConnection conn) {
    arm(conn);
    conn.closeHandler(v -> disarm(conn));
  }

  /**
   * Wraps the router: a request whose headers arrived is in time; the next must come in time after
   * its response.
   */
  Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return req -> {
      HttpConnection conn = req.connection();
      disarm(conn);
      // A WebSocket or a stream belongs to its request for as long as it lasts; an ordinary
      // response frees the
      // connection for the next request, which gets the same time.
      if (!req.headers().contains(HttpHeaders.UPGRADE)) {
        req.response()
            .endHandler(
                v -> {
                  if (!deadlines.containsKey(conn)) {
                    arm(conn);
                  }
                });
      }
      next.handle(req);
    };
  }

  private void arm(HttpConnection conn) {
    deadlines.put(
        conn,
        vertx.setTimer(
            headerTimeoutMillis,
            id -> {
              deadlines.remove(conn);
              conn.close();
            }));
  }

  private void disarm(HttpConnection conn) {
    Long timer = deadlines.remove(conn);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Route handler: refuses a request whose Host is not one of the public host names (421,
   * Misdirected Request).
   */
  void checkHost(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? null : authority.host().toLowerCase(Locale.ROOT);
    if (host != null && (publicHosts.contains(host) || publicHosts.contains("[" + host + "]"))) {
      ctx.next();
      return;
    }
    HttpErrors.send(
        ctx,
        421,
        "this server does not answer to the host name '" + (host == null ? "" : host) + "'");
  }
}
