package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ADMIN;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;

import io.vertx.core.json.JsonObject;
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

  void addTo(Api api) {
    api.add(Endpoint.handles(GET, "/api/towns/:town/npcs", ANYONE, null, null, 200, "who of the townsfolk is where in the town", this::npcs))
        .add(Endpoint.handles(GET, "/api/events", ANYONE, null, null, 200, "the world events in force, the recent ones and the kinds",
            ctx -> players.forward(ctx, EventsContract.LIST, new JsonObject(), 200)))
        .add(Endpoint.handles(POST, "/api/admin/events", ADMIN, "raiseEvent", Form.of().required(Inputs.TYPE).required(Inputs.TOWN)
            .required(Inputs.SEVERITY).required(Inputs.HOURS).optional(Inputs.TEXT), 201, "raises a world event (admins only)",
            ctx -> players.forward(ctx, EventsContract.RAISE, JsonBody.body(ctx).copy().put("raisedBy", PlayerApi.player(ctx).getString("username")), 201)));
  }

  private void npcs(RoutingContext ctx) {
    {
      String town = ctx.pathParam("town");
      if (town == null || !town.matches("[a-z][a-z0-9_]{0,39}")) {
        HttpErrors.send(ctx, 404, "no such town");
        return;
      }
      players.forward(ctx, NpcContract.WHEREABOUTS, new JsonObject().put("town", town), 200);
    }
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
