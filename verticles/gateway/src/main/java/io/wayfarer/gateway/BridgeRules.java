package io.wayfarer.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.npc.NpcContract;
import io.wayfarer.shared.player.PlayerContract;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SockJS bridge lets through (DESIGN rule 6). Outbound: the public addresses by exact name, town
 * presence by a tight regex, and inboxes by a tight regex, of which each socket may only register and receive
 * its own player's, known from the session cookie it connected with. Inbound: nothing; sends and publishes
 * are refused here too, so a permit added by mistake later does not quietly open a door.
 */
final class BridgeRules {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeRules.class);

  /** The addresses any browser may listen to. README lists them; keep the two in step. */
  static final List<String> PUBLIC_OUTBOUND = List.of(
      EventsContract.EVENTS,
      ClockContract.TICKS,
      ClockContract.PHASE_CHANGED,
      ClockContract.SEASON_CHANGED);

  /** Who is on the other end of a socket: the player and the session it proved with its cookie. */
  record SocketSession(long playerId, String tokenHash) {}

  private static final String SESSION = "wayfarer.socketSession";
  private final Vertx vertx;
  private final Map<SockJSSocket, SocketSession> sessions = new ConcurrentHashMap<>();

  BridgeRules(Vertx vertx) {
    this.vertx = vertx;
  }

  static SockJSBridgeOptions options(JsonObject bridgeConf) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setMaxHandlersPerSocket(bridgeConf.getInteger("maxHandlersPerSocket"))
        .setPingTimeout(bridgeConf.getLong("pingTimeoutMillis"))
        .setMaxAddressLength(100)
        // Browsers never await a reply from a server-side handler through this bridge.
        .setReplyTimeout(1);
    PUBLIC_OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(PlayerContract.TOWN_PRESENCE_PATTERN));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(MarketContract.PRICES_PATTERN));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(NpcContract.WHEREABOUTS_PATTERN));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(PlayerContract.INBOX_PATTERN));
    return options;
  }

  int sockets() {
    return sessions.size();
  }

  void onEvent(BridgeEvent event) {
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> identify(event);
      case SOCKET_CLOSED -> {
        sessions.remove(event.socket());
        event.complete(true);
      }
      case SEND, PUBLISH -> {
        LOG.debug("Refused a browser {} to {}", type, address(event));
        event.complete(false);
      }
      case REGISTER, RECEIVE -> event.complete(mayListen(event.socket(), address(event)));
      default -> event.complete(true);
    }
  }

  /**
   * Route handler for every {@code /eventbus/*} request, before SockJS: resolves the session cookie (SockJS hides
   * cookies from its sockets) and leaves who is calling on the routing context the socket will keep.
   */
  void resolveSession(RoutingContext ctx) {
    String token = SessionCookie.from(ctx);
    if (token == null) {
      ctx.next();
      return;
    }
    // Hold the request while we ask: a WebSocket upgrade is refused once the request has been read.
    ctx.request().pause();
    vertx.eventBus().<JsonObject>request(PlayerContract.RESOLVE_SESSION, new JsonObject().put("token", token),
            new DeliveryOptions().setSendTimeout(5000))
        .onSuccess(reply -> ctx.put(SESSION, new SocketSession(reply.body().getLong("playerId"), PlayerContract.tokenHash(token))))
        .onComplete(ar -> ctx.next());
  }

  /** Ties the socket to the session its opening request proved; anonymous sockets get the public addresses only. */
  private void identify(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    RoutingContext ctx = socket.routingContext();
    SocketSession session = ctx == null ? null : ctx.get(SESSION);
    if (session != null) {
      sessions.put(socket, session);
    }
    event.complete(true);
  }

  /** Inboxes only to their owner's sockets; everything else the permits allow. */
  private boolean mayListen(SockJSSocket socket, String address) {
    long owner = PlayerContract.inboxOwner(address);
    if (owner < 0) {
      return address != null && !address.startsWith("player.");
    }
    SocketSession s = sessions.get(socket);
    return s != null && s.playerId() == owner;
  }

  /** A session ended (logout, or a new login from the same browser): close the sockets that proved with it. */
  void revoked(JsonObject body) {
    String tokenHash = body.getString("tokenHash");
    sessions.forEach((socket, s) -> {
      if (s.tokenHash().equals(tokenHash)) {
        sessions.remove(socket);
        socket.close(4001, "session ended");
      }
    });
  }

  private static String address(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    return raw == null ? null : raw.getString("address");
  }

}
