package io.wayfarer.gateway;


import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.market.MarketContract.Inputs;
import java.util.regex.Pattern;

/** The market over HTTP: boards and history for anyone, orders and trade lists for the logged-in player. */
final class MarketApi {
  private static final Pattern TOWN = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private final PlayerApi players;

  MarketApi(PlayerApi players) {
    this.players = players;
  }

  /** An order's form; its quantity's limit comes from configuration ({@code market.maxOrderQty}). */
  private static Form order(Field limit, JsonObject config) {
    return Form.of().required(Inputs.GOOD).required(Inputs.qty(config)).required(limit).required(RequestId.FIELD);
  }

  void mount(Router router, JsonBody.Forms forms, JsonObject config) {
    router.get("/api/market").handler(ctx -> players.forward(ctx, MarketContract.ALL_PRICES, new JsonObject(), 200));
    router.get("/api/market/:town").handler(ctx -> withTown(ctx, town ->
        players.forward(ctx, MarketContract.PRICES, new JsonObject().put("town", town), 200)));
    router.get("/api/market/:town/history").handler(ctx -> withTown(ctx, town -> {
      String good = ctx.queryParams().get("good");
      String hours = ctx.queryParams().get("hours");
      if (good == null || !TOWN.matcher(good).matches() || (hours != null && !hours.matches("[0-9]{1,4}"))) {
        HttpErrors.send(ctx, 400, "history needs ?good=<good> and optionally &hours=<1-720>");
        return;
      }
      JsonObject q = new JsonObject().put("town", town).put("good", good);
      if (hours != null) {
        q.put("hours", Integer.parseInt(hours));
      }
      players.forward(ctx, MarketContract.HISTORY, q, 200);
    }));
    router.post("/api/market/:town/buy").handler(players::authenticate).handler(forms.check("buy", order(Inputs.MAX_UNIT_PRICE, config)))
        .handler(ctx -> withTown(ctx, town -> players.forward(ctx, MarketContract.BUY,
            PlayerApi.withPlayer(ctx, JsonBody.body(ctx)).put("town", town), 200)));
    router.post("/api/market/:town/sell").handler(players::authenticate).handler(forms.check("sell", order(Inputs.MIN_UNIT_PRICE, config)))
        .handler(ctx -> withTown(ctx, town -> players.forward(ctx, MarketContract.SELL,
            PlayerApi.withPlayer(ctx, JsonBody.body(ctx)).put("town", town), 200)));
    router.get("/api/me/trades").handler(players::authenticate)
        .handler(ctx -> players.forward(ctx, MarketContract.TRADES, PlayerApi.withPlayer(ctx, new JsonObject()), 200));
  }

  private static void withTown(RoutingContext ctx, java.util.function.Consumer<String> then) {
    String town = ctx.pathParam("town");
    if (town == null || !TOWN.matcher(town).matches()) {
      HttpErrors.send(ctx, 404, "no such town");
      return;
    }
    then.accept(town);
  }
}
