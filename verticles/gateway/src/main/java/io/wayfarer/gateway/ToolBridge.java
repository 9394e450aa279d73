package io.wayfarer.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.ext.eventbus.bridge.tcp.impl.protocol.FrameHelper;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Declarations;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.scripts.ScriptsContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus for tools in any language: Vert.x's TCP event-bus bridge (frames of a 4-byte length and a
 * JSON object, README "Tools"), off by default and on loopback by default. A frame carries a token
 * in its headers: the reader token lets a tool hear the public addresses browsers hear and ask the
 * time and the events; the admin token also lets it raise, end and reschedule events and pause,
 * resume, scale and advance the clock, each recorded in the admin audit before it is sent, under
 * the name {@value #ACTOR}. Nothing else passes: no publishing, no other address, no header of the
 * tool's reaching the bus (the token least of all).
 */
public final class ToolBridge {
  private static final Logger LOG = LoggerFactory.getLogger(ToolBridge.class);

  /** Who the audit and the world name for what a tool with the admin token does. */
  static final String ACTOR = "admin tool";

  /** The shortest token the bridge accepts: a token is a password nobody types. */
  static final int MIN_TOKEN_LENGTH = 24;

  /**
   * What a tool may ask: the command, whether it takes the admin token, and the field of its
   * request that names who asked (filled in by the bridge, never by the tool).
   */
  record Permit(Command<?, ?> command, boolean admin, String actor) {}

  static final List<Permit> PERMITS =
      List.of(
          new Permit(ClockContract.TIME, false, null),
          new Permit(EventsContract.LIST, false, null),
          new Permit(EventsContract.RAISE, true, EventsContract.Raise.ACTOR),
          new Permit(EventsContract.END, true, EventsContract.End.ACTOR),
          new Permit(EventsContract.RESCHEDULE, true, EventsContract.Reschedule.ACTOR),
          new Permit(ClockContract.PAUSE, true, null),
          new Permit(ClockContract.RESUME, true, null),
          new Permit(ClockContract.SCALE, true, null),
          new Permit(ClockContract.ADVANCE, true, null),
          new Permit(ScriptsContract.LIST, true, null),
          new Permit(ScriptsContract.RELOAD, true, ScriptsContract.Reload.ACTOR));

  /** The addresses a tool may send to (README lists them). */
  public static List<String> permittedAddresses() {
    return PERMITS.stream().map(p -> p.command().address()).toList();
  }

  private enum Role {
    NONE,
    READER,
    ADMIN
  }

  private final Map<String, Permit> permits =
      PERMITS.stream().collect(Collectors.toMap(p -> p.command().address(), Function.identity()));
  private final byte[] readToken;
  private final byte[] adminToken;
  private final int framesPerSecond;
  private final AdminAudit audit;

  /** Per connection: the second its frames are counted in, and how many it sent in it. */
  private final Map<NetSocket, long[]> rates = new HashMap<>();

  private TcpEventBusBridge bridge;

  private ToolBridge(JsonObject conf, AdminAudit audit) {
    this.readToken = token(conf, "readToken");
    this.adminToken = token(conf, "adminToken");
    this.framesPerSecond = conf.getInteger("framesPerSecond");
    this.audit = audit;
    if (readToken == null && adminToken == null) {
      throw new IllegalArgumentException(
          "toolBridge is enabled but has neither a readToken nor an adminToken: set one"
              + " (WAYFARER_TOOLBRIDGE_ADMINTOKEN)");
    }
    if (readToken != null && adminToken != null && MessageDigest.isEqual(readToken, adminToken)) {
      throw new IllegalArgumentException(
          "toolBridge.readToken and toolBridge.adminToken must differ");
    }
  }

  private static byte[] token(JsonObject conf, String key) {
    String token = conf.getString(key);
    if (token == null || token.isEmpty()) {
      return null;
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "toolBridge." + key + " must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    return token.getBytes(StandardCharsets.UTF_8);
  }

  /** Listens as {@code conf} ({@code toolBridge}) says; fails on a bad setting, naming it. */
  static Future<ToolBridge> start(Vertx vertx, JsonObject conf, AdminAudit audit) {
    ToolBridge tools;
    try {
      tools = new ToolBridge(conf, audit);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    BridgeOptions options =
        new BridgeOptions()
            .addOutboundPermitted(
                new PermittedOptions().setAddressRegex(Declarations.everyone().pattern()));
    PERMITS.forEach(
        p -> options.addInboundPermitted(new PermittedOptions().setAddress(p.command().address())));
    tools.bridge =
        TcpEventBusBridge.create(
            vertx,
            options,
            new NetServerOptions().setHost(conf.getString("host")).setPort(conf.getInteger("port")),
            tools::check);
    return tools
        .bridge
        .listen()
        .map(
            b -> {
              LOG.info(
                  "Tool bridge (TCP) listening on {}:{}",
                  conf.getString("host"),
                  conf.getInteger("port"));
              return tools;
            });
  }

  Future<Void> close() {
    return bridge.close();
  }

  /** Each frame a tool sends, before the bridge acts on it. */
  private void check(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_PING, REGISTERED -> event.complete(true);
      case REGISTER, UNREGISTER, SEND, PUBLISH -> checkFrame(event);
      default -> event.complete(false);
    }
  }

  private void checkFrame(BridgeEvent event) {
    NetSocket socket = event.socket();
    if (!withinRate(socket)) {
      refuse(event, "too many frames: at most " + framesPerSecond + " a second");
      return;
    }
    JsonObject frame = event.getRawMessage();
    Role role = role(frame.getValue("headers"));
    // No header of the tool's goes on: the token is a secret, and the others (a codec, a
    // timeout) are the server's to choose.
    JsonObject passed = frame.copy();
    passed.remove("headers");
    String address = frame.getString("address");
    switch (event.type()) {
      case PUBLISH -> refuse(event, "tools do not publish: send a command or register to listen");
      case REGISTER, UNREGISTER -> {
        if (role == Role.NONE) {
          refuse(event, "access_denied: a token is needed to listen");
        } else {
          event.setRawMessage(passed);
          event.complete(true);
        }
      }
      default -> send(event, role, address, passed);
    }
  }

  private void send(BridgeEvent event, Role role, String address, JsonObject passed) {
    Permit permit = address == null ? null : permits.get(address);
    if (permit == null) {
      refuse(event, "access_denied: tools may not send to " + address);
      return;
    }
    if (role == Role.NONE || (permit.admin() && role != Role.ADMIN)) {
      refuse(
          event,
          "access_denied: "
              + address
              + " needs "
              + (permit.admin() ? "the admin token" : "a token"));
      return;
    }
    Object body = passed.getValue("body");
    if (body != null && !(body instanceof JsonObject)) {
      refuse(event, "the body must be a JSON object");
      return;
    }
    JsonObject request = body == null ? new JsonObject() : (JsonObject) body;
    if (permit.actor() != null) {
      request.put(permit.actor(), ACTOR);
    }
    passed.put("body", request);
    if (!permit.admin()) {
      event.setRawMessage(passed);
      event.complete(true);
      return;
    }
    // Recorded before it is sent: if the record cannot be written, nothing is done.
    audit
        .asked(ACTOR, address, "through the tool bridge", request)
        .onSuccess(
            id -> {
              event.setRawMessage(passed);
              event.complete(true);
            })
        .onFailure(
            err -> {
              LOG.error(
                  "Tool bridge: {} not sent, its audit record failed: {}",
                  address,
                  err.getMessage());
              refuse(event, "not sent: the audit could not record it; try again");
            });
  }

  private Role role(Object headers) {
    if (!(headers instanceof JsonObject h) || !(h.getValue("token") instanceof String token)) {
      return Role.NONE;
    }
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    if (adminToken != null && MessageDigest.isEqual(given, adminToken)) {
      return Role.ADMIN;
    }
    if (readToken != null && MessageDigest.isEqual(given, readToken)) {
      return Role.READER;
    }
    return Role.NONE;
  }

  private boolean withinRate(NetSocket socket) {
    long second = System.currentTimeMillis() / 1000;
    long[] rate = rates.get(socket);
    if (rate == null) {
      rate = new long[] {second, 0};
      rates.put(socket, rate);
      socket.closeHandler(v -> rates.remove(socket));
    }
    if (rate[0] != second) {
      rate[0] = second;
      rate[1] = 0;
    }
    return ++rate[1] <= framesPerSecond;
  }

  /** Says why in an err frame of its own, then refuses (the bridge adds its own err frame). */
  private static void refuse(BridgeEvent event, String why) {
    FrameHelper.sendErrFrame(why, event.socket());
    event.complete(false);
  }
}
