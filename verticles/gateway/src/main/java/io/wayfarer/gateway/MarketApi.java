package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.market.MarketContract;

/**
 * The market over HTTP: boards and history for anyone, orders and trade lists for the logged-in
 * player.
 */
final class MarketApi {
  private final PlayerApi players;

  MarketApi(PlayerApi players) {
    this.players = players;
  }

  void addTo(Api api, JsonObject config) {
    api.add(Endpoint.sends(GET, "/api/market", ANYONE, null, MarketContract.ALL_PRICES, 200))
        .add(Endpoint.sends(GET, "/api/market/:town", ANYONE, null, MarketContract.PRICES, 200))
        .add(
            Endpoint.handles(
                GET,
                "/api/market/:town/history",
                ANYONE,
                null,
                null,
                200,
                MarketContract.HISTORY.summary() + " (?good=<good>&hours=<1-720>)",
                this::history))
        .add(
            Endpoint.sends(
                POST, "/api/market/:town/buy", PLAYER, "buy", MarketContract.buy(config), 200))
        .add(
            Endpoint.sends(
                POST, "/api/market/:town/sell", PLAYER, "sell", MarketContract.sell(config), 200))
        .add(Endpoint.sends(GET, "/api/me/trades", PLAYER, null, MarketContract.TRADES, 200));
  }

  /**
   * The history's good and hours come in the query string; the command checks them as it checks
   * every body.
   */
  private void history(RoutingContext ctx) {
    String good = ctx.queryParams().get("good");
    String hours = ctx.queryParams().get("hours");
    if (good == null || (hours != null && !hours.matches("[0-9]{1,4}"))) {
      HttpErrors.send(ctx, 400, "history needs ?good=<good> and optionally &hours=<1-720>");
      return;
    }
    JsonObject q = new JsonObject().put("town", ctx.pathParam("town")).put("good", good);
    if (hours != null) {
      q.put(
          "hours",
          Math.max(1, Math.min(Integer.parseInt(hours), (int) MarketContract.History.HOURS.max())));
    }
    players.forward(ctx, MarketContract.HISTORY, q, 200);
  }
}
