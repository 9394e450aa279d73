package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per API request, when it has been answered, on the logger {@code io.wayfarer.requests}:
 * the player (or {@code -}), the method, the route as declared ({@code /api/towns/:town/hall}, so
 * lines group by route), the status and the time taken. On with {@code log.requests}.
 */
final class RequestLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("io.wayfarer.requests");

  @Override
  public void handle(RoutingContext ctx) {
    long t0 = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          JsonObject player = PlayerApi.player(ctx);
          Route route = ctx.currentRoute();
          LOG.info(
              "player {} {} {} {} {} ms",
              player == null ? "-" : player.getLong("playerId"),
              ctx.request().method(),
              route != null && route.getPath() != null ? route.getPath() : ctx.normalizedPath(),
              ctx.response().getStatusCode(),
              (System.nanoTime() - t0) / 1_000_000);
        });
    ctx.next();
  }
}
