package io.wayfarer.gateway;


import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.events.EventsContract.Inputs;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.npc.NpcContract;

/** Townsfolk and world events over HTTP; raising an event is for admins only. */
final class WorldApi {
  private final PlayerApi players;

  WorldApi(PlayerApi players) {
    this.players = players;
  }

  void mount(Router router, JsonBody.Forms forms) {
    router.get("/api/towns/:town/npcs").handler(ctx -> {
      String town = ctx.pathParam("town");
      if (town == null || !town.matches("[a-z][a-z0-9_]{0,39}")) {
        HttpErrors.send(ctx, 404, "no such town");
        return;
      }
      players.forward(ctx, NpcContract.WHEREABOUTS, new JsonObject().put("town", town), 200);
    });
    router.get("/api/events").handler(ctx -> players.forward(ctx, EventsContract.LIST, new JsonObject(), 200));
    router.post("/api/admin/events").handler(players::authenticate).handler(WorldApi::adminOnly)
        .handler(forms.check("raiseEvent", Form.of().required(Inputs.TYPE).required(Inputs.TOWN).required(Inputs.SEVERITY)
            .required(Inputs.HOURS).optional(Inputs.TEXT)))
        .handler(ctx -> players.forward(ctx, EventsContract.RAISE,
            JsonBody.body(ctx).copy().put("raisedBy", PlayerApi.player(ctx).getString("username")), 201));
  }

  /** The role comes from the session, which the player verticle resolved; the client's word counts for nothing. */
  static void adminOnly(RoutingContext ctx) {
    if (!"admin".equals(PlayerApi.player(ctx).getString("role"))) {
      HttpErrors.send(ctx, 403, "admins only");
      return;
    }
    ctx.next();
  }
}
