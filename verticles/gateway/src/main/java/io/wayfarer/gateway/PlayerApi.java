package io.wayfarer.gateway;


import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.player.PlayerContract.Inputs;
import io.wayfarer.shared.player.PlayerContract;

/**
 * The player commands and reads over HTTP. Bodies are checked against their forms at the edge (unknown fields refused,
 * so a client can never slip in a {@code playerId}); the player id sent on the bus is the one the session cookie
 * resolves to.
 */
final class PlayerApi {
  static final String PLAYER = "wayfarer.player";

  private final Vertx vertx;
  private final boolean secureCookies;
  private final SessionCache sessions;
  private final ClientAddress clientAddress;
  private final long busTimeoutMillis;

  PlayerApi(Vertx vertx, boolean secureCookies, long sessionCacheMillis, ClientAddress clientAddress, long busTimeoutMillis) {
    this.vertx = vertx;
    this.busTimeoutMillis = busTimeoutMillis;
    this.secureCookies = secureCookies;
    this.sessions = new SessionCache(sessionCacheMillis, 100_000);
    this.clientAddress = clientAddress;
  }

  void mount(Router router, JsonBody.Forms forms) {
    JsonBody registration = forms.check("register", Form.of().required(Inputs.USERNAME).required(Inputs.PASSWORD));
    router.post("/api/auth/register").handler(registration).handler(this::register);
    router.post("/api/auth/login").handler(forms.check("login", Form.of().required(Inputs.LOGIN_USERNAME).required(Inputs.LOGIN_PASSWORD)))
        .handler(this::login);
    router.post("/api/auth/logout").handler(this::logout);
    // Who is signed in, if anyone: never 401, so a page can ask without an error in the browser's console.
    router.get("/api/session").handler(this::session);

    router.get("/api/towns").handler(ctx -> forward(ctx, PlayerContract.WORLD_MAP, new JsonObject(), 200));

    router.get("/api/me").handler(this::authenticate).handler(ctx -> forward(ctx, PlayerContract.ME, withPlayer(ctx, new JsonObject()), 200));
    router.post("/api/characters").handler(this::authenticate)
        .handler(forms.check("character", Form.of().required(Inputs.CHARACTER_NAME).required(Inputs.CLASS)))
        .handler(ctx -> forward(ctx, PlayerContract.CREATE_CHARACTER, withPlayer(ctx, JsonBody.body(ctx)), 201));
    router.post("/api/travel").handler(this::authenticate)
        .handler(forms.check("travel", Form.of().required(Inputs.DESTINATION).optional(RequestId.FIELD)))
        .handler(ctx -> forward(ctx, PlayerContract.TRAVEL, withPlayer(ctx, JsonBody.body(ctx)), 202));
    router.post("/api/work").handler(this::authenticate)
        .handler(forms.check("work", Form.of().required(Inputs.JOB).required(Inputs.HOURS).optional(RequestId.FIELD)))
        .handler(ctx -> forward(ctx, PlayerContract.WORK, withPlayer(ctx, JsonBody.body(ctx)), 202));
    router.post("/api/rest").handler(this::authenticate)
        .handler(forms.check("rest", Form.of().required(Inputs.HOURS).optional(RequestId.FIELD)))
        .handler(ctx -> forward(ctx, PlayerContract.REST, withPlayer(ctx, JsonBody.body(ctx)), 202));
  }

  /** {@code GET /api/session}: {@code {player: {playerId, username, role}}}, or {@code {player: null}} when signed out. */
  private void session(RoutingContext ctx) {
    String token = SessionCookie.from(ctx);
    if (token == null) {
      ctx.json(new JsonObject().putNull("player"));
      return;
    }
    String tokenHash = PlayerContract.tokenHash(token);
    JsonObject cached = sessions.get(tokenHash, System.currentTimeMillis());
    if (cached != null) {
      ctx.json(new JsonObject().put("player", who(cached)));
      return;
    }
    request(PlayerContract.RESOLVE_SESSION, new JsonObject().put("token", token)).onSuccess(s -> {
      sessions.put(tokenHash, s, System.currentTimeMillis());
      ctx.json(new JsonObject().put("player", who(s)));
    }).onFailure(err -> {
      if (Failures.httpStatus(err) == 401) {
        ctx.response().addCookie(SessionCookie.cleared(secureCookies));
        ctx.json(new JsonObject().putNull("player"));
      } else {
        fail(ctx, err);
      }
    });
  }

  private static JsonObject who(JsonObject session) {
    return new JsonObject().put("playerId", session.getLong("playerId")).put("username", session.getString("username"))
        .put("role", session.getString("role"));
  }

  /** Resolves the session cookie to a player, or answers 401 (and drops a dead cookie). */
  void authenticate(RoutingContext ctx) {
    String token = SessionCookie.from(ctx);
    if (token == null) {
      HttpErrors.send(ctx, 401, "log in first");
      return;
    }
    String tokenHash = PlayerContract.tokenHash(token);
    JsonObject cached = sessions.get(tokenHash, System.currentTimeMillis());
    if (cached != null) {
      ctx.put(PLAYER, cached);
      ctx.next();
      return;
    }
    vertx.eventBus().<JsonObject>request(PlayerContract.RESOLVE_SESSION, new JsonObject().put("token", token), options())
        .onSuccess(reply -> {
          sessions.put(tokenHash, reply.body(), System.currentTimeMillis());
          ctx.put(PLAYER, reply.body());
          ctx.next();
        })
        .onFailure(err -> {
          if (Failures.httpStatus(err) == 401) {
            ctx.response().addCookie(SessionCookie.cleared(secureCookies));
          }
          fail(ctx, err);
        });
  }

  /** The player verticle ended a session (logout, or a new login from the same browser): forget it here too. */
  void revoked(String tokenHash) {
    sessions.revoke(tokenHash);
  }

  static JsonObject player(RoutingContext ctx) {
    return ctx.get(PLAYER);
  }

  /** The body for the bus: what the client sent (already schema-checked) plus the server-known player id. */
  static JsonObject withPlayer(RoutingContext ctx, JsonObject body) {
    return (body == null ? new JsonObject() : body.copy()).put("playerId", player(ctx).getLong("playerId"));
  }

  private void register(RoutingContext ctx) {
    JsonObject body = JsonBody.body(ctx).copy().put("address", clientAddress.of(ctx.request()));
    forward(ctx, PlayerContract.REGISTER, body, 201);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = JsonBody.body(ctx).copy().put("address", clientAddress.of(ctx.request()));
    String previous = SessionCookie.from(ctx);
    if (previous != null) {
      body.put("previousToken", previous);
      sessions.revoke(PlayerContract.tokenHash(previous));
    }
    request(PlayerContract.LOGIN, body).onSuccess(session -> {
      long maxAge = Math.max(1, (session.getLong("expiresAt") - System.currentTimeMillis()) / 1000);
      ctx.response().addCookie(SessionCookie.issue(session.getString("token"), maxAge, secureCookies));
      // The token lives only in the HttpOnly cookie; scripts get who is logged in, not the secret.
      session.remove("token");
      ctx.json(session);
    }).onFailure(err -> fail(ctx, err));
  }

  private void logout(RoutingContext ctx) {
    String token = SessionCookie.from(ctx);
    ctx.response().addCookie(SessionCookie.cleared(secureCookies));
    if (token == null) {
      ctx.json(new JsonObject());
      return;
    }
    sessions.revoke(PlayerContract.tokenHash(token));
    request(PlayerContract.LOGOUT, new JsonObject().put("token", token))
        .onSuccess(v -> ctx.json(new JsonObject()))
        .onFailure(err -> fail(ctx, err));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, options()).map(m -> m.body());
  }

  void forward(RoutingContext ctx, String address, JsonObject body, int status) {
    request(address, body).onSuccess(reply -> ctx.response().setStatusCode(status)).onSuccess(ctx::json).onFailure(err -> fail(ctx, err));
  }

  /**
   * The owner's own refusal is passed on word for word; a missing owner or an internal error is not explained. A command
   * (any POST) that may have been applied is never called failed: it is 503 with the reason {@code outcome_unknown} and
   * the request id to send it again with, which applies it at most once.
   */
  static void fail(RoutingContext ctx, Throwable err) {
    int status = Failures.httpStatus(err);
    boolean command = ctx.request().method() == HttpMethod.POST;
    if (command && Failures.outcomeUnknown(err)) {
      JsonObject body = JsonBody.body(ctx);
      String requestId = body == null ? null : body.getString("requestId");
      JsonObject error = HttpErrors.body(503, HttpErrors.OUTCOME_UNKNOWN, requestId != null ? Failures.UNKNOWN_OUTCOME
          : "the server did not confirm this in time: it may or may not have happened; look before you try again");
      if (requestId != null) {
        error.getJsonObject("error").put("requestId", requestId);
      }
      HttpErrors.send(ctx, 503, error);
      return;
    }
    boolean refusal = err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE && status != 500;
    HttpErrors.send(ctx, status, refusal ? err.getMessage()
        : status == 503 ? "that part of the world is not answering right now; nothing was changed, try again in a moment"
        : "internal error");
  }

  private DeliveryOptions options() {
    return new DeliveryOptions().setSendTimeout(busTimeoutMillis);
  }
}
