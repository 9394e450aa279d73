package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.wayfarer.shared.quests.QuestsContract;

/** Quests over HTTP: what is offered where the player stands, taking, handing in, giving up. */
final class QuestApi {
  private QuestApi() {}

  static void addTo(Api api) {
    api.add(Endpoint.sends(GET, "/api/quests", PLAYER, null, QuestsContract.MINE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/quests/accept", PLAYER, "questAccept", QuestsContract.ACCEPT, 200))
        .add(
            Endpoint.sends(
                POST, "/api/quests/hand-in", PLAYER, "questHandIn", QuestsContract.HAND_IN, 200))
        .add(
            Endpoint.sends(
                POST, "/api/quests/abandon", PLAYER, "questAbandon", QuestsContract.ABANDON, 200));
  }
}
