package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.wayfarer.shared.town.TownContract;

/**
 * Town politics over HTTP: anyone reads a treasury's public list; players see the town hall, stand,
 * vote, sign a recall; the mayor sets rates and makes decrees, which the council or the citizens
 * vote on above the spending limit.
 */
final class TownApi {
  private TownApi() {}

  static void addTo(Api api) {
    api.add(Endpoint.sends(GET, "/api/towns/:town/hall", PLAYER, null, TownContract.HALL, 200))
        .add(
            Endpoint.sends(
                GET, "/api/towns/:town/treasury", ANYONE, null, TownContract.TREASURY, 200))
        .add(
            Endpoint.sends(
                POST, "/api/towns/:town/candidacy", PLAYER, "declare", TownContract.DECLARE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/towns/:town/ballot", PLAYER, "ballot", TownContract.BALLOT, 200))
        .add(
            Endpoint.sends(
                POST, "/api/towns/:town/rates", PLAYER, "setRate", TownContract.SET_RATE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/towns/:town/decrees", PLAYER, "decree", TownContract.DECREE, 200))
        .add(
            Endpoint.sends(
                POST,
                "/api/towns/:town/decrees/vote",
                PLAYER,
                "decreeVote",
                TownContract.DECREE_VOTE,
                200))
        .add(
            Endpoint.sends(
                POST, "/api/towns/:town/recall", PLAYER, "recall", TownContract.RECALL, 200));
  }
}
