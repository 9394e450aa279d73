package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.wayfarer.gateway.Endpoint.Access.ADMIN;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;

import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.events.EventsContract.End;
import io.wayfarer.shared.events.EventsContract.Raise;
import io.wayfarer.shared.events.EventsContract.Reschedule;
import io.wayfarer.shared.npc.NpcContract;
import io.wayfarer.shared.scripts.ScriptsContract;

/** Townsfolk and world events over HTTP; raising and ending an event are for admins only. */
final class WorldApi {
  private final PlayerApi players;

  WorldApi(PlayerApi players) {
    this.players = players;
  }

  void addTo(Api api) {
    api.add(
            Endpoint.sends(
                GET, "/api/towns/:town/npcs", ANYONE, null, NpcContract.WHEREABOUTS, 200))
        .add(Endpoint.sends(GET, "/api/events", ANYONE, null, EventsContract.LIST, 200))
        .add(api.byAdmin("/api/admin/events", "raiseEvent", EventsContract.RAISE, Raise.ACTOR, 201))
        .add(api.byAdmin("/api/admin/events/end", "endEvent", EventsContract.END, End.ACTOR, 200))
        .add(
            api.byAdmin(
                "/api/admin/events/reschedule",
                "rescheduleEvent",
                EventsContract.RESCHEDULE,
                Reschedule.ACTOR,
                200))
        .add(Endpoint.sends(GET, "/api/admin/scripts", ADMIN, null, ScriptsContract.LIST, 200))
        .add(
            api.byAdmin(
                "/api/admin/scripts/reload",
                "reloadScripts",
                ScriptsContract.RELOAD,
                ScriptsContract.Reload.ACTOR,
                200));
  }

  /**
   * The role comes from the session, which the player verticle resolved; the client's word counts
   * for nothing.
   */
  static void adminOnly(RoutingContext ctx) {
    if (!"admin".equals(PlayerApi.player(ctx).getString("role"))) {
      HttpErrors.send(ctx, 403, "admins only");
      return;
    }
    ctx.next();
  }
}
