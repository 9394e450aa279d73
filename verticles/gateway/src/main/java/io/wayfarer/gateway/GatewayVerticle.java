package io.wayfarer.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.bus.Declarations;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.ops.OpsContract;
import io.wayfarer.shared.player.PlayerContract;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only door from the outside: the HTTP JSON API, the SockJS bridge, health, and the static
 * browser client. It owns no game state; every answer comes from the owning verticle over the bus.
 */
public class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final long HEALTH_TIMEOUT_MILLIS = 2000;

  private Pool pool;
  private RedisAPI redis;
  private HttpServer server;
  private BusBridge bridge;
  private ToolBridge tools;
  private PlayerApi players;
  private long busTimeoutMillis;

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http");
    ClientAddress clientAddress;
    try {
      clientAddress =
          ClientAddress.trusting(
              http.getJsonArray("trustedProxies").stream().map(String::valueOf).toList());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    pool = Clients.pgPool(vertx, config());
    redis = Clients.redis(vertx, config());

    Router router = Router.router(vertx);
    HttpEdge edge =
        new HttpEdge(
            vertx,
            http.getLong("headerTimeoutMillis"),
            http.getJsonArray("publicHosts").stream().map(String::valueOf).toList());
    if (config().getJsonObject("log", new JsonObject()).getBoolean("requests", false)) {
      router.route("/api/*").handler(new RequestLog());
    }
    router.route().handler(GatewayVerticle::securityHeaders);
    router.route().handler(edge::checkHost);

    OriginCheck originCheck =
        new OriginCheck(http.getJsonArray("allowedOrigins").stream().map(String::valueOf).toList());
    router
        .route("/api/*")
        .handler(BodyHandler.create(false).setBodyLimit(http.getLong("maxBodyBytes")));
    router
        .route("/api/*")
        .method(HttpMethod.POST)
        .method(HttpMethod.PUT)
        .method(HttpMethod.PATCH)
        .method(HttpMethod.DELETE)
        .handler(originCheck);
    busTimeoutMillis = http.getLong("busTimeoutMillis");
    players =
        new PlayerApi(
            vertx,
            http.getBoolean("secureCookies"),
            http.getLong("sessionCacheMillis"),
            clientAddress,
            busTimeoutMillis);
    JsonBody.Forms forms = new JsonBody.Forms();
    AdminAudit audit = new AdminAudit(pool);
    Api api = new Api(vertx, players, busTimeoutMillis, audit);
    api.add(
        Endpoint.handles(
            HttpMethod.GET,
            "/api/world",
            Endpoint.Access.ANYONE,
            null,
            null,
            200,
            "the world's time: date, hour, season, phase of day, weather",
            this::world));
    players.addTo(api);
    new MarketApi(players).addTo(api, config());
    new WorldApi(players).addTo(api);
    SocialApi.addTo(api);
    EstateApi.addTo(api);
    TownApi.addTo(api);
    QuestApi.addTo(api);
    AdminApi.addTo(api, audit, players);
    ModerationApi.addTo(api);
    new DataView(pool, redis, config()).addTo(api);
    // The process's metrics, to admins only (a Prometheus scrapes the management port instead).
    String registry =
        config().getJsonObject("metrics", new JsonObject()).getString(Metrics.REGISTRY);
    api.add(
        Endpoint.handles(
            HttpMethod.GET,
            "/metrics",
            Endpoint.Access.ADMIN,
            null,
            null,
            200,
            "this process's metrics in Prometheus text format (admins only)",
            registry == null
                ? ctx -> HttpErrors.send(ctx, Failures.NOT_FOUND, "metrics are off in this process")
                : PrometheusScrapingHandler.create(registry)));
    // Every form's limits and rules, for the browser's form fields: each limit is written once, in
    // shared.
    JsonObject limits = new JsonObject();
    api.add(
        Endpoint.handles(
            HttpMethod.GET,
            "/api/limits",
            Endpoint.Access.ANYONE,
            null,
            null,
            200,
            "every form's fields with their limits and rules, and the coins",
            ctx -> ctx.json(limits)));
    api.add(
        Endpoint.handles(
            HttpMethod.GET,
            "/api/openapi.json",
            Endpoint.Access.ANYONE,
            null,
            null,
            200,
            "this description of the API, generated from the gateway's route table",
            ctx -> ctx.json(api.openApi())));
    api.mount(router, forms);
    limits.put("forms", forms.toJson()).put("money", Money.toJson());
    router
        .route("/api/*")
        .handler(
            ctx ->
                HttpErrors.send(
                    ctx,
                    404,
                    "no such API: " + ctx.request().method() + " " + ctx.request().path()));

    HealthChecks checks = healthChecks();
    router.get("/health").handler(ctx -> health(ctx, checks));

    router.route("/eventbus/*").handler(originCheck);
    // The XHR transports post their frames (xhr_send): a few frames at most, each far smaller than
    // this.
    router
        .route("/eventbus/*")
        .handler(BodyHandler.create(false).setBodyLimit(4L * BusBridge.MAX_FRAME_BYTES));
    bridge =
        new BusBridge(
            vertx,
            config().getJsonObject("bridge"),
            Clients.busTimeoutMillis(config()),
            Metrics.registry(config()),
            players::revoked);
    router.route("/eventbus/*").handler(bridge::resolveSession);
    // SockJS closes the connection after each long poll without saying so in the response; saying
    // so keeps a client
    // from sending its next request down a connection that is closing (it would get no answer at
    // all).
    router
        .routeWithRegex("/eventbus/[^/]+/[^/]+/xhr")
        .handler(
            ctx -> {
              ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
              ctx.next();
            });
    // A SockJS client's WebSocket and the raw endpoint are framed by the bridge itself (once per
    // message for every socket); SockJS serves its other transports.
    router.getWithRegex("/eventbus/[^/.]+/[^/.]+/websocket").handler(bridge::serveWebSocket);
    router.get("/eventbus/websocket").handler(bridge::serveRawWebSocket);
    router
        .route("/eventbus/*")
        .subRouter(SockJSHandler.create(vertx, sockJsOptions()).socketHandler(bridge));

    router
        .route("/webjars/*")
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    // The addresses the page listens to come from the declarations the bridge permits from: the
    // page repeats none.
    String contract = contractModule();
    router
        .get("/js/contract.js")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .end(contract));
    String webroot = http.getString("webroot");
    // The app's own files change with each release, under the same names: a browser may keep them,
    // but asks each time
    // whether they changed (Last-Modified; a 304 costs nothing). The WebJars above carry their
    // version in the path.
    router
        .route()
        .handler(
            ctx -> {
              ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache");
              ctx.next();
            });
    router
        .route()
        .handler(
            StaticHandler.create(
                    Path.of(webroot).isAbsolute()
                        ? FileSystemAccess.ROOT
                        : FileSystemAccess.RELATIVE,
                    webroot)
                .setCachingEnabled(true)
                .setDirectoryListing(false)
                .setIncludeHidden(false));

    router.route().failureHandler(HttpErrors::onFailure);
    for (int status : List.of(400, 403, 404, 405, 413, 415, 421, 500, 503)) {
      router.errorHandler(
          status, ctx -> HttpErrors.send(ctx, status, HttpErrors.messageFor(status)));
    }

    boolean webSocketCompression = config().getJsonObject("bridge").getBoolean("compression");
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(http.getString("host"))
            .setPort(http.getInteger("port"))
            .setMaxInitialLineLength(4096)
            .setMaxHeaderSize(16 * 1024)
            .setMaxWebSocketFrameSize(64 * 1024)
            .setMaxWebSocketMessageSize(64 * 1024)
            .setCompressionSupported(true)
            // WebSocket compression (permessage-deflate) costs each client a deflater's memory and
            // each delivery more CPU: off unless configured, and then without context takeover
            // (README, "Live updates at scale").
            .setPerMessageWebSocketCompressionSupported(webSocketCompression)
            .setPerFrameWebSocketCompressionSupported(false)
            .setWebSocketAllowServerNoContext(true)
            .setWebSocketPreferredClientNoContext(true)
            .setWebSocketCompressionLevel(1)
            // Connections that send nothing at all for a minute go; those that dribble headers are
            // HttpEdge's to close. A bridge socket sheds this timeout when it upgrades: its pings
            // keep it alive instead (BusBridge.pingsKeepAlive).
            .setIdleTimeout(60)
            // HTTP/1.1 only: browsers speak HTTP/2 to a server only over TLS, which the operator's
            // proxy terminates.
            .setHttp2ClearTextEnabled(false);
    var revoked =
        PlayerContract.SESSION_REVOKED.consumer(
            vertx.eventBus(),
            ended -> {
              if (ended.tokenHash() != null) {
                bridge.revoked(ended.tokenHash());
                players.revoked(ended.tokenHash());
              }
            });
    JsonObject toolConf = config().getJsonObject("toolBridge");
    return revoked
        .completion()
        .compose(
            v ->
                toolConf.getBoolean("enabled")
                    ? ToolBridge.start(vertx, toolConf, audit).onSuccess(t -> tools = t)
                    : Future.succeededFuture())
        .compose(
            v ->
                vertx
                    .createHttpServer(options)
                    .connectionHandler(edge::connected)
                    .requestHandler(edge.requests(router))
                    .listen())
        .onSuccess(
            s -> {
              server = s;
              LOG.info(
                  "Gateway listening on http://{}:{}/", http.getString("host"), s.actualPort());
            });
  }

  /**
   * SockJS with the transports the browser client uses (WebSocket, XHR streaming and polling) and
   * no others: each transport is a door, and the unused ones (JSONP, EventSource, htmlfile) stay
   * shut.
   */
  private static SockJSHandlerOptions sockJsOptions() {
    return new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .setInsertJSESSIONID(false)
        .addDisabledTransport(Transport.JSON_P.name())
        .addDisabledTransport(Transport.EVENT_SOURCE.name())
        .addDisabledTransport(Transport.HTML_FILE.name())
        // Only the iframe page of the iframe transports names it; never a CDN.
        .setLibraryURL("/webjars/sockjs-client/1.6.1/dist/sockjs.min.js");
  }

  /**
   * {@code /js/contract.js}: every topic a browser may hear, by name, and how to make its address.
   */
  static String contractModule() {
    JsonObject topics = new JsonObject();
    Declarations.bridged().forEach((name, topic) -> topics.put(name, topic.toJson()));
    return "// Generated by the gateway from the server's topic declarations (io.wayfarer.shared.bus.Declarations):\n"
        + "// the bus addresses the page may listen to. Not a file in webroot: nothing here is written twice.\n"
        + "export const TOPICS = "
        + topics.encodePrettily()
        + ";\n\n"
        + "/** The address of a topic: address('ticks'), or address('prices', 'redhaven') for a family. */\n"
        + "export function address(name, key) {\n"
        + "  const topic = TOPICS[name];\n"
        + "  if (!topic) throw new Error(`no topic ${name}`);\n"
        + "  return topic.key ? topic.address.replace(/<[a-z]+>/, String(key)) : topic.address;\n"
        + "}\n";
  }

  @Override
  public Future<?> stop() {
    if (bridge != null) {
      // Browsers reconnect by themselves (to another gateway, or to this one once it is back).
      bridge.close();
    }
    if (tools != null) {
      tools
          .close()
          .onFailure(err -> LOG.warn("Tool bridge did not close cleanly: {}", err.getMessage()));
    }
    // Stop taking connections and let the requests in flight be answered (their commands are
    // already with their
    // owners), then close what is left.
    Future<?> closed =
        server == null
            ? Future.succeededFuture()
            : server.shutdown(busTimeoutMillis + 1000, TimeUnit.MILLISECONDS);
    return closed
        .eventually(pool::close)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }

  /** {@code GET /api/world}: the clock's current reading. */
  private void world(RoutingContext ctx) {
    ClockContract.TIME
        .request(vertx, Empty.INSTANCE, busTimeoutMillis)
        .onSuccess(time -> ctx.json(time.toJson()))
        .onFailure(
            err ->
                HttpErrors.send(
                    ctx,
                    Failures.httpStatus(err),
                    Failures.httpStatus(err) == 503
                        ? "the world clock is not answering right now"
                        : err.getMessage()));
  }

  /**
   * {@code GET /health}: 200 when every check is up, else 503 (never another status, so a load
   * balancer reads it as it is), with every check's data.
   */
  private static void health(RoutingContext ctx, HealthChecks checks) {
    checks
        .checkStatus()
        .onComplete(
            ar -> {
              boolean up = ar.succeeded() && CheckResult.isUp(ar.result());
              JsonObject body =
                  ar.succeeded()
                      ? ar.result().toJson()
                      : new JsonObject()
                          .put("status", "DOWN")
                          .put("reason", String.valueOf(ar.cause().getMessage()));
              body.put("outcome", up ? "UP" : "DOWN");
              ctx.response()
                  .setStatusCode(up ? 200 : 503)
                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                  .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                  .end(body.encode());
            });
  }

  private HealthChecks healthChecks() {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register(
        "postgres",
        HEALTH_TIMEOUT_MILLIS,
        p ->
            pool.query("SELECT 1")
                .execute()
                .onComplete(ar -> p.tryComplete(ar.succeeded() ? Status.OK() : down(ar.cause()))));
    checks.register(
        "redis",
        HEALTH_TIMEOUT_MILLIS,
        p ->
            redis
                .ping(List.of())
                .onComplete(ar -> p.tryComplete(ar.succeeded() ? Status.OK() : down(ar.cause()))));
    checks.register(
        "clock",
        HEALTH_TIMEOUT_MILLIS,
        p ->
            ClockContract.TIME
                .request(vertx, Empty.INSTANCE, HEALTH_TIMEOUT_MILLIS)
                .onComplete(ar -> p.tryComplete(ar.succeeded() ? Status.OK() : down(ar.cause()))));
    // Every verticle in every process (each process's entry and its own status: ProcessControl).
    checks.register(
        "verticles",
        HEALTH_TIMEOUT_MILLIS * 2,
        p ->
            OpsContract.VERTICLES
                .request(vertx, Empty.INSTANCE, HEALTH_TIMEOUT_MILLIS * 2)
                .onComplete(
                    ar -> {
                      if (ar.failed()) {
                        p.tryComplete(down(ar.cause()));
                      } else {
                        JsonObject report = ar.result().json();
                        p.tryComplete(
                            report.getBoolean("healthy", false)
                                ? Status.OK(report)
                                : Status.KO(report));
                      }
                    }));
    // The conservation check (ARCHITECTURE.md rule 4): every asset sums to zero over all holders,
    // world included.
    checks.register(
        "ledger",
        HEALTH_TIMEOUT_MILLIS,
        p ->
            Ledger.imbalances(pool)
                .onComplete(
                    ar -> {
                      if (ar.failed()) {
                        p.tryComplete(down(ar.cause()));
                      } else if (ar.result().isEmpty()) {
                        p.tryComplete(Status.OK(new JsonObject().put("conserved", true)));
                      } else {
                        p.tryComplete(
                            Status.KO(
                                new JsonObject()
                                    .put("conserved", false)
                                    .put(
                                        "imbalances",
                                        new JsonObject(new LinkedHashMap<>(ar.result())))));
                      }
                    }));
    return checks;
  }

  private static Status down(Throwable cause) {
    return Status.KO(new JsonObject().put("reason", String.valueOf(cause.getMessage())));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .headers()
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set(
            "Content-Security-Policy",
            "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
                + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    if (ctx.request().path().startsWith("/api/")) {
      ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-store");
    }
    ctx.next();
  }
}
