package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.wayfarer.shared.estate.EstateContract;

/**
 * Houses over HTTP: anyone sees a town's plots; players buy one, store and take, give and take back
 * keys, pay upkeep ahead, reclaim what was seized, sell or give a house, keep a shop in it that
 * others buy from, and post and fill buy orders.
 */
final class EstateApi {
  private EstateApi() {}

  static void addTo(Api api) {
    api.add(Endpoint.sends(GET, "/api/towns/:town/plots", ANYONE, null, EstateContract.PLOTS, 200))
        .add(Endpoint.sends(GET, "/api/towns/:town/shops", ANYONE, null, EstateContract.SHOPS, 200))
        .add(Endpoint.sends(POST, "/api/estates/buy", PLAYER, "buyPlot", EstateContract.BUY, 200))
        .add(
            Endpoint.sends(POST, "/api/shops/list", PLAYER, "listInShop", EstateContract.LIST, 200))
        .add(
            Endpoint.sends(
                POST, "/api/shops/delist", PLAYER, "delistFromShop", EstateContract.DELIST, 200))
        .add(
            Endpoint.sends(POST, "/api/shops/buy", PLAYER, "shopBuy", EstateContract.SHOP_BUY, 200))
        .add(
            Endpoint.sends(
                GET, "/api/towns/:town/wanted", ANYONE, null, EstateContract.WANTED, 200))
        .add(
            Endpoint.sends(
                POST, "/api/wanted", PLAYER, "postWanted", EstateContract.POST_ORDER, 200))
        .add(
            Endpoint.sends(
                POST, "/api/wanted/fill", PLAYER, "fillWanted", EstateContract.FILL_ORDER, 200))
        .add(
            Endpoint.sends(
                POST,
                "/api/wanted/cancel",
                PLAYER,
                "cancelWanted",
                EstateContract.CANCEL_ORDER,
                200))
        .add(Endpoint.sends(GET, "/api/estates", PLAYER, null, EstateContract.HOUSES, 200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/store", PLAYER, "storeInHouse", EstateContract.STORE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/take", PLAYER, "takeFromHouse", EstateContract.TAKE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/prepay", PLAYER, "prepayUpkeep", EstateContract.PREPAY, 200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/reclaim", PLAYER, "reclaim", EstateContract.RECLAIM, 200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/sell", PLAYER, "sellHouse", EstateContract.SELL, 200))
        .add(
            Endpoint.sends(
                POST,
                "/api/estates/sales/accept",
                PLAYER,
                "acceptSale",
                EstateContract.ACCEPT_SALE,
                200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/sales/end", PLAYER, "endSale", EstateContract.END_SALE, 200))
        .add(
            Endpoint.sends(
                POST, "/api/estates/keys", PLAYER, "giveKey", EstateContract.GIVE_KEY, 200))
        .add(
            Endpoint.sends(
                POST,
                "/api/estates/keys/remove",
                PLAYER,
                "takeBackKey",
                EstateContract.TAKE_KEY,
                200));
  }
}
