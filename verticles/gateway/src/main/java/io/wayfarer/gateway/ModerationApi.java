package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.wayfarer.gateway.Endpoint.Access.ADMIN;

import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.social.SocialContract;

/**
 * The console's players section: find an account, see it whole (sheet, holdings, standing, latest
 * trades and lines) and what it held at a past game minute, and kick, ban, unban, or give and take
 * through the ledger. Every change is audited with its reason ({@link Api#byAdmin}); reads are not.
 */
final class ModerationApi {
  private ModerationApi() {}

  static void addTo(Api api) {
    api.add(
            Endpoint.sends(
                GET, "/api/admin/players", ADMIN, "findPlayers", ModerationContract.FIND, 200))
        .add(
            Endpoint.sends(
                GET, "/api/admin/players/show", ADMIN, "showPlayer", ModerationContract.SHOW, 200))
        .add(
            Endpoint.sends(
                GET,
                "/api/admin/players/trades",
                ADMIN,
                "playerTrades",
                MarketContract.TRADES_OF,
                200))
        .add(
            Endpoint.sends(
                GET, "/api/admin/players/chat", ADMIN, "playerLines", SocialContract.LINES_OF, 200))
        .add(
            Endpoint.sends(
                GET,
                "/api/admin/players/held",
                ADMIN,
                "playerHeldAt",
                ModerationContract.HELD_AT,
                200))
        .add(api.byAdmin("/api/admin/players/kick", "kick", ModerationContract.KICK, "by", 200))
        .add(api.byAdmin("/api/admin/players/ban", "ban", ModerationContract.BAN, "by", 200))
        .add(api.byAdmin("/api/admin/players/unban", "unban", ModerationContract.UNBAN, "by", 200))
        .add(api.byAdmin("/api/admin/players/grant", "grant", ModerationContract.GRANT, "by", 200));
  }
}
