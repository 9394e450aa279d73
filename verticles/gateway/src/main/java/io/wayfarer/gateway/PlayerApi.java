package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ANYONE;
import static io.wayfarer.gateway.Endpoint.Access.PLAYER;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.player.PlayerContract.Inputs;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player commands and reads over HTTP. Bodies are checked against their forms at the edge
 * (unknown fields refused, so a client can never slip in a {@code playerId}); the player id sent on
 * the bus is the one the session cookie resolves to.
 */
final class PlayerApi {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerApi.class);

  static final String SESSION_PLAYER = "wayfarer.player";

  private final Vertx vertx;
  private final boolean secureCookies;
  private final SessionCache sessions;
  private final ClientAddress clientAddress;
  private final long busTimeoutMillis;

  PlayerApi(
      Vertx vertx,
      boolean secureCookies,
      long sessionCacheMillis,
      ClientAddress clientAddress,
      long busTimeoutMillis) {
    this.vertx = vertx;
    this.busTimeoutMillis = busTimeoutMillis;
    this.secureCookies = secureCookies;
    this.sessions = new SessionCache(sessionCacheMillis, 100_000);
    this.clientAddress = clientAddress;
  }

  /** Accounts, sessions and the player's own commands: rows of the API's table. */
  void addTo(Api api) {
    api.add(
            Endpoint.handles(
                POST,
                "/api/auth/register",
                ANYONE,
                "register",
                Form.of().required(Inputs.USERNAME).required(Inputs.PASSWORD),
                201,
                "creates an account (the password is checked against common ones and the name)",
                this::register))
        .add(
            Endpoint.handles(
                POST,
                "/api/auth/login",
                ANYONE,
                "login",
                Form.of().required(Inputs.LOGIN_USERNAME).required(Inputs.LOGIN_PASSWORD),
                200,
                "signs in: the session is an HttpOnly cookie; answers who is signed in",
                this::login))
        .add(
            Endpoint.handles(
                POST,
                "/api/auth/logout",
                ANYONE,
                null,
                null,
                200,
                "signs out and ends the session",
                this::logout))
        // Who is signed in, if anyone: never 401, so a page can ask without an error in the
        // browser's console.
        .add(
            Endpoint.handles(
                GET,
                "/api/session",
                ANYONE,
                null,
                null,
                200,
                "who is signed in: {player} or {player: null}",
                this::session))
        .add(Endpoint.sends(GET, "/api/towns", ANYONE, null, PlayerContract.WORLD_MAP, 200))
        .add(Endpoint.sends(GET, "/api/me", PLAYER, null, PlayerContract.ME, 200))
        .add(
            Endpoint.sends(
                POST, "/api/characters", PLAYER, "character", PlayerContract.CREATE_CHARACTER, 201))
        .add(Endpoint.sends(POST, "/api/travel", PLAYER, "travel", PlayerContract.TRAVEL, 202))
        .add(Endpoint.sends(POST, "/api/work", PLAYER, "work", PlayerContract.WORK, 202))
        .add(Endpoint.sends(POST, "/api/rest", PLAYER, "rest", PlayerContract.REST, 202));
  }

  /**
   * {@code GET /api/session}: {@code {player: {playerId, username, role}}}, or {@code {player:
   * null}} when signed out.
   */
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
    resolve(token)
        .onSuccess(
            s -> {
              sessions.put(tokenHash, s, System.currentTimeMillis());
              ctx.json(new JsonObject().put("player", who(s)));
            })
        .onFailure(
            err -> {
              if (Failures.httpStatus(err) == 401) {
                ctx.response().addCookie(SessionCookie.cleared(secureCookies));
                ctx.json(new JsonObject().putNull("player"));
              } else {
                fail(ctx, err);
              }
            });
  }

  private static JsonObject who(JsonObject session) {
    return new JsonObject()
        .put("playerId", session.getLong("playerId"))
        .put("username", session.getString("username"))
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
      ctx.put(SESSION_PLAYER, cached);
      ctx.next();
      return;
    }
    resolve(token)
        .onSuccess(
            session -> {
              sessions.put(tokenHash, session, System.currentTimeMillis());
              ctx.put(SESSION_PLAYER, session);
              ctx.next();
            })
        .onFailure(
            err -> {
              if (Failures.httpStatus(err) == 401) {
                ctx.response().addCookie(SessionCookie.cleared(secureCookies));
              }
              fail(ctx, err);
            });
  }

  private Future<JsonObject> resolve(String token) {
    return PlayerContract.RESOLVE_SESSION
        .request(vertx, new PlayerContract.Token(token), busTimeoutMillis)
        .map(PlayerContract.Session::toJson);
  }

  /**
   * The player verticle ended a session (logout, or a new login from the same browser): forget it
   * here too.
   */
  void revoked(String tokenHash) {
    sessions.revoke(tokenHash);
  }

  static JsonObject player(RoutingContext ctx) {
    return ctx.get(SESSION_PLAYER);
  }

  /**
   * The body for the bus: what the client sent (already schema-checked) plus the server-known
   * player id.
   */
  static JsonObject withPlayer(RoutingContext ctx, JsonObject body) {
    return (body == null ? new JsonObject() : body.copy())
        .put("playerId", player(ctx).getLong("playerId"));
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
    PlayerContract.LOGIN
        .requestJson(vertx, body, busTimeoutMillis)
        .onSuccess(
            session -> {
              long maxAge =
                  Math.max(1, (session.getLong("expiresAt") - System.currentTimeMillis()) / 1000);
              ctx.response()
                  .addCookie(
                      SessionCookie.issue(session.getString("token"), maxAge, secureCookies));
              // The token lives only in the HttpOnly cookie; scripts get who is logged in, not the
              // secret.
              session.remove("token");
              ctx.json(session);
            })
        .onFailure(err -> fail(ctx, err));
  }

  private void logout(RoutingContext ctx) {
    String token = SessionCookie.from(ctx);
    ctx.response().addCookie(SessionCookie.cleared(secureCookies));
    if (token == null) {
      ctx.json(new JsonObject());
      return;
    }
    sessions.revoke(PlayerContract.tokenHash(token));
    PlayerContract.LOGOUT
        .request(vertx, new PlayerContract.Token(token), busTimeoutMillis)
        .onSuccess(v -> ctx.json(new JsonObject()))
        .onFailure(err -> fail(ctx, err));
  }

  /**
   * Checks {@code body} by the command's own rules and sends it; the reply (or the refusal) goes to
   * the client.
   */
  void forward(RoutingContext ctx, Command<?, ?> command, JsonObject body, int status) {
    forward(ctx, command, body, status, (code, outcome) -> Future.succeededFuture());
  }

  /**
   * As {@link #forward}, {@code answered} recording the status and body before the client gets
   * them: whoever reads the record after the answer finds it there (the admin audit).
   */
  void forward(
      RoutingContext ctx,
      Command<?, ?> command,
      JsonObject body,
      int status,
      BiFunction<Integer, JsonObject, Future<?>> answered) {
    command
        .requestJson(vertx, body, busTimeoutMillis)
        .onComplete(
            ar -> {
              int code =
                  ar.succeeded()
                      ? status
                      : ar.cause() instanceof Refusal r
                          ? r.code()
                          : Failures.httpStatus(ar.cause());
              JsonObject outcome =
                  ar.succeeded()
                      ? ar.result()
                      : new JsonObject().put("error", String.valueOf(ar.cause().getMessage()));
              answered
                  .apply(code, outcome)
                  .onComplete(
                      recorded -> {
                        if (ar.succeeded()) {
                          ctx.response().setStatusCode(status);
                          ctx.json(ar.result());
                        } else {
                          fail(ctx, ar.cause());
                        }
                      });
            });
  }

  /**
   * The owner's own refusal is passed on word for word; a missing owner or an internal error is not
   * explained. A command (any POST) that may have been applied is never called failed: it is 503
   * with the reason {@code outcome_unknown} and the request id to send it again with, which applies
   * it at most once.
   */
  static void fail(RoutingContext ctx, Throwable err) {
    if (err instanceof Refusal r) {
      // Refused at the gateway by the command's own rules, before anything was sent.
      HttpErrors.send(ctx, r.code(), r.getMessage());
      return;
    }
    int status = Failures.httpStatus(err);
    boolean command = ctx.request().method() == HttpMethod.POST;
    if (command && Failures.outcomeUnknown(err)) {
      JsonObject body = JsonBody.body(ctx);
      String requestId = body == null ? null : body.getString("requestId");
      JsonObject error =
          HttpErrors.body(
              503,
              HttpErrors.OUTCOME_UNKNOWN,
              requestId != null
                  ? Failures.UNKNOWN_OUTCOME
                  : "the server did not confirm this in time: it may or may not have happened; look before you try again");
      if (requestId != null) {
        error.getJsonObject("error").put("requestId", requestId);
      }
      HttpErrors.send(ctx, 503, error);
      return;
    }
    if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      // Nobody took it (the owner is being replaced, or its process restarts) and the gateway
      // waited Command.GAP_WAIT_MILLIS for it: nothing happened, and the same request id is safe.
      JsonObject body = JsonBody.body(ctx);
      String requestId = body == null ? null : body.getString("requestId");
      JsonObject error =
          HttpErrors.body(
              503,
              "that part of the world is being restarted; nothing was changed, send it again in a moment");
      if (requestId != null) {
        error.getJsonObject("error").put("requestId", requestId);
      }
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "2");
      HttpErrors.send(ctx, 503, error);
      return;
    }
    boolean refusal =
        err instanceof ReplyException re
            && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
            && status != 500;
    if (status == 500 && !(err instanceof ReplyException)) {
      // Failed here, not in a verticle (which logs its own 500s): the gateway's own reads (the data
      // view's PostgreSQL and Redis) say why only here.
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), err);
    }
    HttpErrors.send(
        ctx,
        status,
        refusal
            ? err.getMessage()
            : status == 503
                ? "that part of the world is not answering right now; nothing was changed, try again in a moment"
                : "internal error");
  }
}
