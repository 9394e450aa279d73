package io.wayfarer.gateway;

import static io.vertx.json.schema.common.dsl.Keywords.maxLength;
import static io.vertx.json.schema.common.dsl.Keywords.maximum;
import static io.vertx.json.schema.common.dsl.Keywords.minLength;
import static io.vertx.json.schema.common.dsl.Keywords.minimum;
import static io.vertx.json.schema.common.dsl.Schemas.intSchema;
import static io.vertx.json.schema.common.dsl.Schemas.objectSchema;
import static io.vertx.json.schema.common.dsl.Schemas.stringSchema;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.npc.NpcContract;

/** Townsfolk and world events over HTTP; raising an event is for admins only. */
final class WorldApi {
  private final PlayerApi players;

  WorldApi(PlayerApi players) {
    this.players = players;
  }

  void mount(Router router) {
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
        .handler(JsonBody.of(objectSchema()
            .requiredProperty("type", stringSchema().with(minLength(1), maxLength(40)))
            .requiredProperty("town", stringSchema().with(minLength(1), maxLength(40)))
            .requiredProperty("severity", intSchema().with(minimum(1), maximum(5)))
            .requiredProperty("hours", intSchema().with(minimum(1), maximum(720)))
            .optionalProperty("text", stringSchema().with(maxLength(200)))))
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
