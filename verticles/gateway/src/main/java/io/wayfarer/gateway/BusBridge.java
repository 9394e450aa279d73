package io.wayfarer.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.wayfarer.shared.bus.Declarations;
import io.wayfarer.shared.player.PlayerContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's window on the bus (rule 6 in ARCHITECTURE.md: a wall, not a window): a listen-only
 * bridge on a SockJS socket, speaking the frames of the Vert.x event-bus bridge ({@code register},
 * {@code unregister}, {@code ping} in; {@code rec} and {@code err} out), so any client of that
 * bridge can listen.
 *
 * <ul>
 *   <li>Outbound, a socket hears only the public addresses (by exact name, or a tight pattern for
 *       per-town ones) and its own player's inbox, known from the session cookie its opening
 *       request carried.
 *   <li>Inbound, nothing: browsers never send or publish on the bus, whatever they put in a frame.
 *   <li>A malformed frame gets an {@code err} frame and nothing else; what clients do wrong is
 *       logged at most once a minute per socket, without stack traces ({@link Complaints}); a
 *       socket that closes is not an error.
 *   <li>One bus consumer per address per gateway instance, however many sockets listen, and each
 *       message is encoded once for all of them; for SockJS's WebSocket transport, the browser's
 *       usual one, the bridge writes SockJS's frames itself so that even those are built once
 *       ({@link #serveWebSocket}).
 * </ul>
 *
 * <p>One per gateway instance; every socket it serves lives on that instance's event loop, so
 * nothing here is shared between threads.
 */
final class BusBridge implements Handler<SockJSSocket> {
  private static final Logger LOG = LoggerFactory.getLogger(BusBridge.class);

  /**
   * Larger than any frame a listening client sends ({@code register} with a 100-character address).
   */
  static final int MAX_FRAME_BYTES = 4096;

  static final int MAX_ADDRESS_LENGTH = 100;

  /** The code SockJS closes a session with when the server ends it. */
  static final int GO_AWAY = 3000;

  /**
   * How long the bridge waits for the player verticle to say who a socket's session is, or which
   * sessions ended.
   */
  private final long busTimeoutMillis;

  /** Where {@link #resolveSession} leaves who is calling, for the socket the request opens. */
  static final String SESSION = "wayfarer.socketSession";

  /**
   * The addresses any browser may listen to: the topics declared for everyone, as one regex
   * compiled once.
   */
  private static final Pattern EVERYONE = Declarations.everyone();

  private static final Pattern SIGNED_IN = Declarations.signedIn();

  /** Who is on the other end of a socket: the player and the session it proved with its cookie. */
  record SocketSession(long playerId, String tokenHash, boolean admin) {}

  /**
   * A message as the bridge sends it, encoded once for every socket that hears it: the JSON, and
   * SockJS's frame of it, made the first time a socket needs that.
   */
  static final class Frame {
    final Buffer json;
    private String sockJs;
    private ByteBuf webSocket;
    private ByteBuf raw;

    Frame(JsonObject json) {
      this.json = json.toBuffer();
    }

    String sockJs() {
      if (sockJs == null) {
        sockJs = SockJsFrames.message(json.toString());
      }
      return sockJs;
    }

    /** The SockJS frame as a WebSocket frame's bytes. */
    ByteBuf webSocket() {
      if (webSocket == null) {
        webSocket = WebSocketFrames.text(sockJs());
      }
      return webSocket;
    }

    /**
     * The JSON itself as a binary WebSocket frame's bytes, for the raw endpoint (SockJS's raw
     * transport sent a buffer as a binary message, and clients of it get what they always got).
     */
    ByteBuf raw() {
      if (raw == null) {
        raw = WebSocketFrames.binary(json.getBytes());
      }
      return raw;
    }
  }

  /** Where one socket's frames go, whatever carries them. */
  interface Outlet {
    void send(Frame frame);

    boolean full();

    /** Closes the socket saying why: {@code code} 4000-4999 are ours (4001, 4002). */
    void close(int code, String reason);

    /** Closes the socket as its transport closes one the server ends. */
    void close();
  }

  /** A socket SockJS serves: its fallback transports (XHR streaming and polling). */
  private record SockJsOutlet(SockJSSocket socket) implements Outlet {
    @Override
    public void send(Frame frame) {
      socket.write(frame.json);
    }

    @Override
    public boolean full() {
      return socket.writeQueueFull();
    }

    @Override
    public void close(int code, String reason) {
      socket.close(code, reason);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /**
   * A WebSocket served by the bridge itself: a SockJS client's ({@code
   * /eventbus/<server>/<session>/ websocket}, {@code sockJs}), each message in SockJS's frame, or
   * the raw endpoint's ({@code /eventbus/websocket}), each message's JSON as it is. Either way a
   * message's WebSocket frame is built once and the same bytes go to every such socket, as a plain
   * WebSocket server would send them.
   */
  private record WebSocketOutlet(
      ServerWebSocket ws, Channel channel, ChannelHandlerContext below, boolean sockJs)
      implements Outlet {
    @Override
    public void send(Frame frame) {
      if (below != null) {
        below.writeAndFlush(
            (sockJs ? frame.webSocket() : frame.raw()).duplicate(), below.voidPromise());
      } else {
        if (sockJs) {
          ws.writeTextMessage(frame.sockJs());
        } else {
          ws.writeBinaryMessage(frame.json);
        }
      }
    }

    @Override
    public boolean full() {
      return below != null ? !channel.isWritable() : ws.writeQueueFull();
    }

    @Override
    public void close(int code, String reason) {
      if (ws.isClosed()) {
        return;
      }
      if (sockJs) {
        ws.writeTextMessage(SockJsFrames.close(code, reason));
        ws.close();
      } else {
        ws.close((short) code, reason);
      }
    }

    @Override
    public void close() {
      close(GO_AWAY, "Go away!");
    }
  }

  private static final class Peer {
    final Outlet socket;
    final SocketSession session;
    final Complaints.Source faults;
    final Set<String> addresses = new LinkedHashSet<>();

    /** How many addresses of each topic family the socket holds. */
    final Map<String, Integer> perTopic = new HashMap<>();

    long lastPing;
    long second;
    int frames;

    /**
     * Frames waiting while the socket's write queue is full (null when none: the fan-out reads only
     * this field for a socket that keeps up), in order: a superseding address's latest under its
     * address (a newer one replaces it), any other under a number of its own.
     */
    LinkedHashMap<String, Frame> waiting;

    /** How many of {@link #waiting} must all be sent (not superseded). */
    int mustSend;

    long waitingSeq;

    Peer(Outlet socket, Object remoteAddress, SocketSession session, long now) {
      this.socket = socket;
      this.session = session;
      this.faults =
          new Complaints.Source(
              "socket "
                  + remoteAddress
                  + (session == null ? "" : " of player " + session.playerId()));
      this.lastPing = now;
    }
  }

  private static final class Feed {
    final String address;
    final boolean latestOnly;
    private final Set<Peer> peers = new LinkedHashSet<>();

    /**
     * The listeners as an array, made again after they change: the fan-out walks a compact array
     * rather than a linked set's entries.
     */
    private Peer[] listening = new Peer[0];

    private boolean changed;

    MessageConsumer<Object> consumer;

    /** For a superseding topic: the newest message not yet sent, and whether its sending is due. */
    Message<Object> latest;

    boolean due;

    Feed(String address) {
      this.address = address;
      this.latestOnly = LATEST_ONLY.matcher(address).matches();
    }

    void add(Peer peer) {
      changed |= peers.add(peer);
    }

    /** True when nobody listens any more. */
    boolean remove(Peer peer) {
      changed |= peers.remove(peer);
      return peers.isEmpty();
    }

    Peer[] listening() {
      if (changed) {
        listening = peers.toArray(new Peer[0]);
        changed = false;
      }
      return listening;
    }
  }

  /** The addresses whose latest message is all a late socket needs, compiled once. */
  private static final Pattern LATEST_ONLY = Declarations.latestOnly();

  private final Vertx vertx;
  private final int maxHandlersPerSocket;
  private final int maxPerTopic;
  private final int framesPerSecond;
  private final int maxWaitingFrames;
  private final Counter slowClosed;
  private final MeterRegistry registry;
  private final Counter framesIn;
  private final Counter framesOut;
  private final BusInspector inspector;

  /** The gateway instance's event loop, where every socket and feed of this bridge lives. */
  private final Context context;

  /** Each bridged topic's name and its addresses' pattern, compiled once. */
  private static final Map<String, Pattern> FAMILIES = new LinkedHashMap<>();

  static {
    Declarations.bridged()
        .forEach((name, t) -> FAMILIES.put(name, Pattern.compile(t.addressPattern())));
  }

  private final long pingTimeoutMillis;
  private final Complaints complaints = new Complaints(LOG);
  private final Set<Peer> peers = new HashSet<>();
  private final Map<String, Feed> topics = new HashMap<>();
  private final Consumer<String> sessionEnded;
  private final long sweeper;
  private final long toucher;
  private final long heartbeat;

  /** SockJS's heartbeat interval: proxies that close idle connections see traffic this often. */
  static final long HEARTBEAT_MILLIS = 25_000;

  /**
   * @param sessionEnded told the token hash of a session found over while a socket held it
   */
  BusBridge(
      Vertx vertx,
      JsonObject bridgeConf,
      long busTimeoutMillis,
      MeterRegistry registry,
      Consumer<String> sessionEnded) {
    this.vertx = vertx;
    this.busTimeoutMillis = busTimeoutMillis;
    this.maxHandlersPerSocket = bridgeConf.getInteger("maxHandlersPerSocket");
    this.maxPerTopic = bridgeConf.getInteger("maxPerTopic");
    this.framesPerSecond = bridgeConf.getInteger("framesPerSecond");
    this.maxWaitingFrames = bridgeConf.getInteger("maxWaitingFrames");
    this.slowClosed =
        Counter.builder("wayfarer.bridge.slow.closed")
            .description("sockets closed because they fell too far behind what was sent to them")
            .register(registry);
    this.registry = registry;
    this.framesIn = registry.counter("wayfarer.bridge.frames.in");
    this.framesOut = registry.counter("wayfarer.bridge.frames.out");
    this.context = vertx.getOrCreateContext();
    this.inspector = new BusInspector(vertx, context);
    // One series per bridge (a gateway verticle instance): as many as the configured instances.
    Gauge.builder("wayfarer.bridge.sockets", peers, Set::size)
        .description("sockets open on this bridge")
        .tag("bridge", Integer.toHexString(System.identityHashCode(this)))
        .register(registry);
    this.pingTimeoutMillis = bridgeConf.getLong("pingTimeoutMillis");
    this.sessionEnded = sessionEnded;
    this.sweeper =
        vertx.setPeriodic(Math.max(1000, pingTimeoutMillis / 2), id -> closeSilentSockets());
    this.toucher =
        vertx.setPeriodic(bridgeConf.getInteger("touchSeconds") * 1000L, id -> touchSessions());
    this.heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> heartbeat());
  }

  /**
   * An open page is a player online: its session is touched every little while, which keeps it
   * alive and the player "here now". A session found over (expired, revoked while this gateway
   * missed the word) has its sockets closed.
   */
  private void touchSessions() {
    Set<String> hashes = new HashSet<>();
    peers.forEach(
        p -> {
          if (p.session != null) {
            hashes.add(p.session.tokenHash());
          }
        });
    if (hashes.isEmpty()) {
      return;
    }
    PlayerContract.TOUCH_SESSIONS
        .request(vertx, new PlayerContract.Touch(List.copyOf(hashes)), busTimeoutMillis)
        .onSuccess(
            ended ->
                ended
                    .tokenHashes()
                    .forEach(
                        h -> {
                          revoked(h);
                          sessionEnded.accept(h);
                        }))
        .onFailure(err -> LOG.debug("Open sockets' sessions not touched: {}", err.getMessage()));
  }

  /** Closes every socket: the gateway is going away. */
  void close() {
    vertx.cancelTimer(sweeper);
    vertx.cancelTimer(toucher);
    vertx.cancelTimer(heartbeat);
    for (Peer peer : new ArrayList<>(peers)) {
      drop(peer);
      peer.socket.close();
    }
  }

  int sockets() {
    return peers.size();
  }

  @Override
  public void handle(SockJSSocket socket) {
    RoutingContext ctx = socket.routingContext();
    SocketSession session = ctx == null ? null : ctx.get(SESSION);
    Peer peer = new Peer(new SockJsOutlet(socket), socket.remoteAddress(), session, now());
    peers.add(peer);
    socket.handler(data -> onFrame(peer, data));
    socket.exceptionHandler(err -> onError(peer, err));
    socket.closeHandler(v -> drop(peer));
    socket.drainHandler(v -> flush(peer));
  }

  /**
   * Route handler for a SockJS client's WebSocket ({@code GET /eventbus/<server>/<session>/
   * websocket}), after the origin check and {@link #resolveSession}: the bridge speaks SockJS's
   * WebSocket framing itself (SockJS would frame every message again for every socket). Anything
   * but a WebSocket upgrade goes on to SockJS, which answers it as it always has.
   */
  void serveWebSocket(RoutingContext ctx) {
    serve(ctx, true);
  }

  /**
   * Route handler for the raw endpoint ({@code GET /eventbus/websocket}: the bridge's frames as
   * they are, one JSON message per WebSocket message, for tools and benchmarks), served like {@link
   * #serveWebSocket} so that its messages too are encoded once for every socket.
   */
  void serveRawWebSocket(RoutingContext ctx) {
    serve(ctx, false);
  }

  private void serve(RoutingContext ctx, boolean sockJs) {
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      ctx.next();
      return;
    }
    SocketSession session = ctx.get(SESSION);
    Object remote = ctx.request().remoteAddress();
    Channel channel = channelOf(ctx.request());
    ctx.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              pingsKeepAlive(channel);
              Peer peer =
                  new Peer(
                      new WebSocketOutlet(ws, channel, belowEncoder(channel), sockJs),
                      remote,
                      session,
                      now());
              peers.add(peer);
              if (sockJs) {
                ws.textMessageHandler(text -> onSockJsFrame(peer, text));
                ws.binaryMessageHandler(
                    data -> refuse(peer, "invalid_json", "a binary frame", now()));
              } else {
                // As SockJS's raw transport took them: a whole message, text or binary, is a frame
                // (one over the server's message size closes the socket).
                ws.binaryMessageHandler(data -> onFrame(peer, data));
                ws.textMessageHandler(text -> onFrame(peer, Buffer.buffer(text)));
              }
              ws.exceptionHandler(err -> onError(peer, err));
              ws.closeHandler(v -> drop(peer));
              ws.drainHandler(v -> flush(peer));
              if (sockJs) {
                ws.writeTextMessage(SockJsFrames.OPEN);
              }
            })
        .onFailure(err -> LOG.debug("WebSocket upgrade refused: {}", err.getMessage()));
  }

  /**
   * The Netty channel under a request, for writing pre-encoded frames to its WebSocket (Vert.x's
   * own write would encode the frame again for every socket); null, and frames encoded per socket,
   * should a Vert.x version not expose it (said once in the log).
   */
  static Channel channelOf(HttpServerRequest request) {
    if (request.connection() instanceof ConnectionBase c) {
      return c.channel();
    }
    if (!channelMissingLogged) {
      channelMissingLogged = true;
      LOG.warn(
          "WebSocket frames are encoded per socket: this Vert.x's connection ({}) exposes no channel",
          request.connection().getClass().getName());
    }
    return null;
  }

  private static volatile boolean channelMissingLogged;

  /**
   * A bridge socket is kept alive by its pings ({@code bridge.pingTimeoutMillis}, swept by {@link
   * #closeSilentSockets}), not by the HTTP idle timeout it was upgraded under: that handler is
   * taken off the socket's pipeline, since it would otherwise make and complete a promise for every
   * frame written (a quarter of the bridge's Java time per delivery, measured at 10,000 clients).
   */
  static void pingsKeepAlive(Channel channel) {
    if (channel != null && channel.pipeline().get(IdleStateHandler.class) != null) {
      channel.pipeline().remove(IdleStateHandler.class);
    }
  }

  /**
   * Where a frame already encoded enters an upgraded socket's pipeline: just below its WebSocket
   * encoder, so that only the handlers under it (the transport's) see it. None when the socket
   * negotiated compression (its extension's encoder is above the WebSocket encoder, and what goes
   * in below would skip it): such a socket's frames are compressed, and encoded, per socket.
   */
  static ChannelHandlerContext belowEncoder(Channel channel) {
    if (channel == null || channel.pipeline().get(WebSocketExtensionEncoder.class) != null) {
      return null;
    }
    return channel.pipeline().context(WebSocketFrameEncoder.class);
  }

  /** A SockJS frame from a client: each of its messages is a bridge frame. */
  private void onSockJsFrame(Peer peer, String text) {
    List<String> messages = SockJsFrames.messages(text);
    if (messages == null) {
      refuse(peer, "invalid_json", "a frame that is not a SockJS array of messages", now());
      return;
    }
    for (String m : messages) {
      if (!peers.contains(peer)) {
        return;
      }
      onFrame(peer, Buffer.buffer(m));
    }
  }

  /** SockJS's heartbeat, to the sockets the bridge frames itself (SockJS beats for its own). */
  private void heartbeat() {
    for (Peer peer : peers) {
      if (peer.socket instanceof WebSocketOutlet w && w.sockJs() && !w.full()) {
        w.ws().writeTextMessage(SockJsFrames.HEARTBEAT);
      }
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private void onFrame(Peer peer, Buffer data) {
    long now = System.currentTimeMillis();
    framesIn.increment();
    // At most framesPerSecond frames a second per socket; each one over is refused, unread (its
    // err frame is smaller than it, and the log says so at most once in a while).
    if (now / 1000 != peer.second) {
      peer.second = now / 1000;
      peer.frames = 0;
    }
    if (++peer.frames > framesPerSecond) {
      refuse(peer, "too_many_frames", "more than " + framesPerSecond + " frames a second", now);
      return;
    }
    if (data.length() > MAX_FRAME_BYTES) {
      refuse(peer, "frame_too_large", "a frame of " + data.length() + " bytes", now);
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (RuntimeException notAnObject) {
      refuse(peer, "invalid_json", "a frame that is not a JSON object", now);
      return;
    }
    if (!(frame.getValue("type") instanceof String type)) {
      refuse(peer, "missing_type", "a frame without a type", now);
      return;
    }
    switch (type) {
      case "ping" -> peer.lastPing = now;
      case "inspect" -> inspect(peer, frame.getValue("pattern"), now);
      case "register", "unregister" -> {
        if (!(frame.getValue("address") instanceof String address)
            || address.isEmpty()
            || address.length() > MAX_ADDRESS_LENGTH) {
          refuse(
              peer,
              "invalid_address",
              "a " + type + " without an address of 1 to " + MAX_ADDRESS_LENGTH + " characters",
              now);
        } else if (type.equals("register")) {
          register(peer, address, now);
        } else {
          unregister(peer, address);
        }
      }
      case "send", "publish" ->
          refuse(peer, "access_denied", "a " + type + " to the bus (browsers only listen)", now);
      default -> refuse(peer, "invalid_type", "a frame of unknown type", now);
    }
  }

  private void register(Peer peer, String address, long now) {
    if (!mayListen(peer, address)) {
      refuse(peer, "access_denied", "a register for an address it may not hear", now);
      return;
    }
    if (peer.addresses.contains(address)) {
      return;
    }
    if (peer.addresses.size() >= maxHandlersPerSocket) {
      refuse(
          peer,
          "max_handlers_reached",
          "more than " + maxHandlersPerSocket + " registrations",
          now);
      return;
    }
    String family = family(address);
    if (peer.perTopic.getOrDefault(family, 0) >= maxPerTopic) {
      refuse(
          peer,
          "max_per_topic_reached",
          "more than " + maxPerTopic + " registrations of " + family,
          now);
      return;
    }
    peer.perTopic.merge(family, 1, Integer::sum);
    peer.addresses.add(address);
    topics.computeIfAbsent(address, this::open).add(peer);
  }

  /** The topic an address belongs to (its name), for the per-topic limit. */
  private static String family(String address) {
    for (Map.Entry<String, Pattern> f : FAMILIES.entrySet()) {
      if (f.getValue().matcher(address).matches()) {
        return f.getKey();
      }
    }
    return address;
  }

  /**
   * An admin's socket watches the bus (see {@link BusInspector}): {@code pattern} a glob such as
   * {@code market.*}; none stops. Anyone else is refused.
   */
  private void inspect(Peer peer, Object pattern, long now) {
    if (peer.session == null || !peer.session.admin()) {
      refuse(peer, "access_denied", "an inspect frame without an admin's session", now);
      return;
    }
    if (pattern == null || "".equals(pattern)) {
      inspector.stop(peer);
      return;
    }
    if (!(pattern instanceof String glob)
        || glob.length() > MAX_ADDRESS_LENGTH
        || BusInspector.globToRegex(glob) == null) {
      refuse(peer, "invalid_pattern", "an inspect pattern that is not a glob of an address", now);
      return;
    }
    inspector.watch(
        peer,
        glob,
        (address, body) ->
            peer.socket.send(
                new Frame(
                    new JsonObject()
                        .put("type", "rec")
                        .put("address", address)
                        .put("body", body))));
  }

  private void unregister(Peer peer, String address) {
    if (peer.addresses.remove(address)) {
      peer.perTopic.computeIfPresent(family(address), (f, n) -> n > 1 ? n - 1 : null);
      leave(peer, address);
    }
  }

  /**
   * Public addresses to anyone; signed-in ones (a town's chat) to a signed-in player's sockets; an
   * inbox only to its own player's sockets; nothing else.
   */
  private static boolean mayListen(Peer peer, String address) {
    long owner = PlayerContract.inboxOwner(address);
    if (owner >= 0) {
      return peer.session != null && peer.session.playerId() == owner;
    }
    if (SIGNED_IN.matcher(address).matches()) {
      return peer.session != null;
    }
    return EVERYONE.matcher(address).matches();
  }

  private Feed open(String address) {
    Feed topic = new Feed(address);
    topic.consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                msg -> {
                  if (topic.latestOnly) {
                    coalesce(topic, msg);
                  } else {
                    deliver(topic, msg);
                  }
                });
    topic
        .consumer
        .completion()
        .onFailure(
            err -> LOG.warn("Could not listen to {} for browsers: {}", address, err.toString()));
    return topic;
  }

  /**
   * A superseding topic's message is sent once the event loop gets to it, and only the newest of
   * those that came meanwhile: a loop behind on its work (a fan-out to many sockets) sends the time
   * as it is, not a queue of the times it was.
   */
  private void coalesce(Feed topic, Message<Object> msg) {
    topic.latest = msg;
    if (!topic.due) {
      topic.due = true;
      context.runOnContext(
          v -> {
            topic.due = false;
            Message<Object> newest = topic.latest;
            topic.latest = null;
            if (newest != null) {
              deliver(topic, newest);
            }
          });
    }
  }

  /**
   * One encoding for every socket listening; a socket that cannot keep up misses this message
   * rather than hoard it.
   */
  private void deliver(Feed topic, Message<Object> msg) {
    Peer[] listening = topic.listening();
    if (listening.length == 0) {
      return;
    }
    Frame frame =
        new Frame(
            new JsonObject()
                .put("type", "rec")
                .put("address", topic.address)
                .put("body", msg.body()));
    int sent = 0;
    List<Peer> behind = null;
    for (Peer peer : listening) {
      try {
        if (peer.waiting == null && !peer.socket.full()) {
          peer.socket.send(frame);
          sent++;
        } else if (!hold(peer, topic, frame)) {
          behind = behind == null ? new ArrayList<>() : behind;
          behind.add(peer);
        }
      } catch (IllegalStateException closing) {
        // The socket closed a moment ago and its close handler, which takes it off the topics,
        // has not run yet: it misses this message, as it would a moment later.
      }
    }
    framesOut.increment(sent);
    if (behind != null) {
      behind.forEach(this::tooSlow);
    }
  }

  /**
   * Keeps a frame for a socket whose write queue is full: a superseding address's replaces the one
   * it held; any other waits in line, up to {@code bridge.maxWaitingFrames}. False when the socket
   * is that far behind.
   */
  private boolean hold(Peer peer, Feed topic, Frame frame) {
    if (peer.waiting == null) {
      peer.waiting = new LinkedHashMap<>();
    }
    if (topic.latestOnly) {
      peer.waiting.remove(topic.address);
      peer.waiting.put(topic.address, frame);
      return true;
    }
    if (peer.mustSend >= maxWaitingFrames) {
      return false;
    }
    peer.mustSend++;
    peer.waiting.put("#" + peer.waitingSeq++, frame);
    return true;
  }

  /** The socket can take more: what waited goes, in order, while it can. */
  private void flush(Peer peer) {
    if (peer.waiting == null) {
      return;
    }
    int sent = 0;
    var it = peer.waiting.entrySet().iterator();
    try {
      while (it.hasNext() && !peer.socket.full()) {
        var e = it.next();
        peer.socket.send(e.getValue());
        if (e.getKey().startsWith("#")) {
          peer.mustSend--;
        }
        it.remove();
        sent++;
      }
    } catch (IllegalStateException closing) {
      // Closed meanwhile: its close handler forgets it.
    }
    if (peer.waiting.isEmpty()) {
      peer.waiting = null;
    }
    framesOut.increment(sent);
  }

  /**
   * A socket that fell further behind than it may: closed and counted. Its page reconnects and
   * reads the state afresh, which is better than a backlog of what is no longer true.
   */
  private void tooSlow(Peer peer) {
    slowClosed.increment();
    complaints.complain(
        peer.faults,
        "fell more than " + maxWaitingFrames + " frames behind; closed",
        System.currentTimeMillis());
    peer.waiting = null;
    peer.mustSend = 0;
    drop(peer);
    peer.socket.close(4002, "too slow");
  }

  private void leave(Peer peer, String address) {
    Feed topic = topics.get(address);
    if (topic == null) {
      return;
    }
    if (topic.remove(peer)) {
      topics.remove(address);
      topic.consumer.unregister();
    }
  }

  private void drop(Peer peer) {
    if (!peers.remove(peer)) {
      return;
    }
    inspector.stop(peer);
    for (String address : new ArrayList<>(peer.addresses)) {
      leave(peer, address);
    }
    peer.addresses.clear();
  }

  private void refuse(Peer peer, String code, String what, long now) {
    registry.counter("wayfarer.bridge.refused", "reason", code).increment();
    peer.socket.send(new Frame(new JsonObject().put("type", "err").put("body", code)));
    complaints.complain(peer.faults, "sent " + what + " (" + code + ")", now);
  }

  /**
   * A socket that goes away (a closed tab, a dropped network) is ordinary; anything else it does is
   * its fault.
   */
  private void onError(Peer peer, Throwable err) {
    if (err instanceof IOException
        || err instanceof HttpClosedException
        || String.valueOf(err.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
      LOG.debug("Socket {} went away: {}", peer.faults.who, err.toString());
      return;
    }
    complaints.complain(
        peer.faults,
        err.getClass().getSimpleName() + ": " + err.getMessage(),
        System.currentTimeMillis());
    // A transport error (an oversized or corrupt frame) leaves the socket unusable: close it rather
    // than wait for its ping.
    drop(peer);
    peer.socket.close();
  }

  /** A socket that has not pinged for the ping timeout is closed: its page is gone or frozen. */
  private void closeSilentSockets() {
    long now = System.currentTimeMillis();
    for (Peer peer : new ArrayList<>(peers)) {
      if (now - peer.lastPing >= pingTimeoutMillis) {
        LOG.debug("Closing {}: no ping for {} ms", peer.faults.who, now - peer.lastPing);
        drop(peer);
        peer.socket.close();
      }
    }
  }

  /**
   * Route handler for every {@code /eventbus/*} request, before SockJS: resolves the session cookie
   * (SockJS hides cookies from its sockets) and leaves who is calling on the routing context a new
   * socket keeps.
   */
  void resolveSession(RoutingContext ctx) {
    String token = SessionCookie.from(ctx);
    if (token == null) {
      ctx.next();
      return;
    }
    // Hold the request while we ask: a WebSocket upgrade is refused once the request has been read.
    ctx.request().pause();
    PlayerContract.RESOLVE_SESSION
        .request(vertx, new PlayerContract.Token(token), busTimeoutMillis)
        .onSuccess(
            session ->
                ctx.put(
                    SESSION,
                    new SocketSession(
                        session.playerId(),
                        PlayerContract.tokenHash(token),
                        "admin".equals(session.role()))))
        // An unknown or ended session, or a player verticle away: the socket is anonymous, which is
        // what it proved.
        .onFailure(err -> LOG.debug("Socket session not resolved: {}", err.getMessage()))
        .onComplete(ar -> ctx.next());
  }

  /**
   * A session ended (logout, expiry, a new login from the same browser): close the sockets that
   * proved with it.
   */
  void revoked(String tokenHash) {
    for (Peer peer : new ArrayList<>(peers)) {
      if (peer.session != null && peer.session.tokenHash().equals(tokenHash)) {
        drop(peer);
        peer.socket.close(4001, "session ended");
      }
    }
  }
}
