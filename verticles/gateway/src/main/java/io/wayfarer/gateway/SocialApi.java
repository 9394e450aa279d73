package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ADMIN;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.wayfarer.shared.social.SocialContract;

/**
 * Town life over HTTP: anyone sees who is in each town; players speak, whisper, ignore, report and
 * trade with commands (never by publishing on the bridge); admins announce, mute and read reports.
 */
final class SocialApi {
  private SocialApi() {}

  static void addTo(Api api) {
    api.add(Endpoint.sends(GET, "/api/presence", ANYONE, null, SocialContract.WHO, 200))
        .add(Endpoint.sends(POST, "/api/chat", PLAYER, "say", SocialContract.SAY, 200))
        .add(Endpoint.sends(GET, "/api/chat", PLAYER, "chatHistory", SocialContract.HISTORY, 200))
        .add(Endpoint.sends(POST, "/api/whisper", PLAYER, "whisper", SocialContract.WHISPER, 200))
        .add(Endpoint.sends(POST, "/api/ignores", PLAYER, "ignore", SocialContract.IGNORE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/ignores/remove", PLAYER, "unignore", SocialContract.UNIGNORE, 200))
        .add(Endpoint.sends(POST, "/api/chat/report", PLAYER, "report", SocialContract.REPORT, 200))
        .add(Endpoint.sends(POST, "/api/offers", PLAYER, "offer", SocialContract.OFFER, 200))
        .add(
            Endpoint.sends(
                POST, "/api/offers/accept", PLAYER, "acceptOffer", SocialContract.ACCEPT, 200))
        .add(
            Endpoint.sends(
                POST, "/api/offers/decline", PLAYER, "declineOffer", SocialContract.DECLINE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/offers/cancel", PLAYER, "cancelOffer", SocialContract.CANCEL, 200))
        .add(Endpoint.sends(GET, "/api/offers", PLAYER, null, SocialContract.OFFERS, 200))
        .add(api.byAdmin("/api/admin/announce", "announce", SocialContract.ANNOUNCE, "by", 200))
        .add(api.byAdmin("/api/admin/mute", "mute", SocialContract.MUTE, "by", 200))
        .add(Endpoint.sends(GET, "/api/admin/reports", ADMIN, null, SocialContract.REPORTS, 200));
  }
}
