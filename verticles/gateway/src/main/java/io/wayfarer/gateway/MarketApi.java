package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.vertx.core.json.JsonObject;
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
            Endpoint.sends(
                GET, "/api/market/:town/history", ANYONE, "history", MarketContract.HISTORY, 200))
        .add(
            Endpoint.sends(
                POST, "/api/market/:town/buy", PLAYER, "buy", MarketContract.buy(config), 200))
        .add(
            Endpoint.sends(
                POST, "/api/market/:town/sell", PLAYER, "sell", MarketContract.sell(config), 200))
        .add(Endpoint.sends(GET, "/api/me/trades", PLAYER, null, MarketContract.TRADES, 200));
  }
}
