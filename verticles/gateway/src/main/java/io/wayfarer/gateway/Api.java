package io.wayfarer.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API as one table of {@link Endpoint}s: mounted on the router from the table, and
 * described from the same table as OpenAPI 3.1 at {@code GET /api/openapi.json}. Adding a player
 * command is one row here (and its declaration in the owner's contract).
 */
final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);
  private static final Pattern PATH_PARAM = Pattern.compile(":([a-zA-Z]+)");
  private final List<Endpoint> routes = new ArrayList<>();
  private final Vertx vertx;
  private final PlayerApi players;
  private final long busTimeoutMillis;
  private final AdminAudit audit;

  /** Why an admin acts: every admin action takes it, and the audit keeps it. */
  static final Field REASON =
      Field.text("reason", 0, 200, null, "reason may have at most 200 characters");

  Api(Vertx vertx, PlayerApi players, long busTimeoutMillis, AdminAudit audit) {
    this.vertx = vertx;
    this.players = players;
    this.busTimeoutMillis = busTimeoutMillis;
    this.audit = audit;
  }

  Api add(Endpoint route) {
    routes.add(route);
    return this;
  }

  /**
   * An admin's command: the body as sent (with a {@code reason} for the audit, which the command
   * itself takes only if it declares one), and who sent it ({@code who}) from the session, which
   * only the gateway knows here. Audited.
   */
  Endpoint byAdmin(String path, String formName, Command<?, ?> command, String who, int status) {
    return admin(
        HttpMethod.POST,
        path,
        formName,
        command.form(),
        status,
        command,
        (ctx, body) -> body.put(who, PlayerApi.player(ctx).getString("username")));
  }

  /**
   * An admin's action on {@code command}: the route's form is {@code form} and a {@code reason};
   * {@code toCommand} turns the checked body (without the reason, unless the form has one) into the
   * command's. The action is recorded before it is sent and its answer after.
   */
  Endpoint admin(
      HttpMethod method,
      String path,
      String formName,
      Form form,
      int status,
      Command<?, ?> command,
      BiFunction<RoutingContext, JsonObject, JsonObject> toCommand) {
    Form withReason = Form.of();
    boolean ownReason = form != null && form.fields().containsKey(REASON.name());
    if (form != null) {
      form.fields()
          .forEach(
              (name, f) -> {
                if (form.isRequired(name)) {
                  withReason.required(f);
                } else {
                  withReason.optional(f);
                }
              });
    }
    if (!ownReason) {
      withReason.optional(REASON);
    }
    return Endpoint.handles(
        method,
        path,
        Endpoint.Access.ADMIN,
        formName,
        withReason,
        status,
        command.summary(),
        ctx -> {
          JsonObject asked = JsonBody.body(ctx) == null ? new JsonObject() : JsonBody.body(ctx);
          JsonObject body = asked.copy();
          if (!ownReason) {
            body.remove(REASON.name());
          }
          audited(ctx, asked, command, toCommand.apply(ctx, body), status);
        });
  }

  /** Records the action, sends it on, records its answer; nothing is done unrecorded. */
  private void audited(
      RoutingContext ctx, JsonObject asked, Command<?, ?> command, JsonObject body, int status) {
    String admin = PlayerApi.player(ctx).getString("username");
    String action = ctx.request().method() + " " + ctx.normalizedPath();
    audit
        .asked(admin, action, asked.getString(REASON.name()), asked)
        .onFailure(
            err -> {
              LOG.error("Audit unavailable; {} by {} refused: {}", action, admin, err.toString());
              HttpErrors.send(ctx, 503, "the audit log cannot be written now, so nothing was done");
            })
        .onSuccess(
            id ->
                players.forward(
                    ctx,
                    command,
                    body,
                    status,
                    (code, outcome) -> audit.answered(id, admin, action, code, outcome)));
  }

  List<Endpoint> routes() {
    return routes;
  }

  /**
   * Mounts every row: the session first where one is needed, the admin check, the body's form, then
   * the work.
   */
  void mount(Router router, JsonBody.Forms forms) {
    for (Endpoint route : routes) {
      Route r = router.route(route.method(), route.path());
      if (route.access() != Endpoint.Access.ANYONE) {
        r.handler(players::authenticate);
      }
      if (route.access() == Endpoint.Access.ADMIN) {
        r.handler(WorldApi::adminOnly);
      }
      if (route.form() != null) {
        r.handler(
            route.method() == HttpMethod.GET
                ? forms.checkQuery(route.formName(), route.form())
                : forms.check(route.formName(), route.form()));
      }
      r.handler(route.command() != null ? ctx -> send(ctx, route) : route.handler());
    }
  }

  /**
   * The client's body (already checked against the form), the session's player and the path's
   * parameters, sent on.
   */
  private void send(RoutingContext ctx, Endpoint route) {
    JsonObject body = JsonBody.body(ctx) == null ? new JsonObject() : JsonBody.body(ctx).copy();
    if (route.access() != Endpoint.Access.ANYONE) {
      body.put("playerId", PlayerApi.player(ctx).getLong("playerId"));
    }
    ctx.pathParams().forEach(body::put);
    players.forward(ctx, route.command(), body, route.status());
  }

  /** The table as an OpenAPI 3.1 document. */
  JsonObject openApi() {
    JsonObject paths = new JsonObject();
    for (Endpoint route : routes) {
      List<String> params = new ArrayList<>();
      Matcher m = PATH_PARAM.matcher(route.path());
      while (m.find()) {
        params.add(m.group(1));
      }
      String path = PATH_PARAM.matcher(route.path()).replaceAll("{$1}");
      JsonObject op =
          new JsonObject()
              .put("summary", route.summary())
              .put(
                  "operationId",
                  route.method().name().toLowerCase(Locale.ROOT) + operationName(route.path()));
      boolean query = route.form() != null && route.method() == HttpMethod.GET;
      JsonArray parameters = new JsonArray();
      params.forEach(
          p ->
              parameters.add(
                  new JsonObject()
                      .put("name", p)
                      .put("in", "path")
                      .put("required", true)
                      .put(
                          "schema",
                          new JsonObject()
                              .put("type", "string")
                              .put("pattern", "^[a-z][a-z0-9_]{0,39}$"))));
      if (query) {
        route
            .form()
            .fields()
            .forEach(
                (name, f) ->
                    parameters.add(
                        new JsonObject()
                            .put("name", name)
                            .put("in", "query")
                            .put("required", route.form().isRequired(name))
                            .put("description", f.rule())
                            .put("schema", schema(f))));
      }
      if (!parameters.isEmpty()) {
        op.put("parameters", parameters);
      }
      if (route.form() != null && !query) {
        op.put(
            "requestBody",
            new JsonObject()
                .put("required", true)
                .put(
                    "content",
                    new JsonObject()
                        .put(
                            "application/json",
                            new JsonObject().put("schema", schema(route.form())))));
      }
      JsonObject responses =
          new JsonObject()
              .put(
                  String.valueOf(route.status()),
                  new JsonObject()
                      .put("description", "done")
                      .put(
                          "content",
                          new JsonObject()
                              .put(
                                  "application/json",
                                  new JsonObject()
                                      .put("schema", new JsonObject().put("type", "object")))));
      if (route.form() != null || !params.isEmpty()) {
        responses.put("400", error("the request breaks a rule, said in plain words"));
      }
      if (route.access() != Endpoint.Access.ANYONE) {
        responses.put("401", error("not signed in"));
        op.put("security", new JsonArray().add(new JsonObject().put("session", new JsonArray())));
      }
      if (route.access() == Endpoint.Access.ADMIN) {
        responses.put("403", error("admins only"));
      }
      responses.put(
          "503",
          error(
              "unavailable, nothing was changed; or outcome_unknown, with the requestId to send again"));
      op.put("responses", responses);
      JsonObject item = paths.getJsonObject(path);
      if (item == null) {
        item = new JsonObject();
        paths.put(path, item);
      }
      item.put(route.method().name().toLowerCase(Locale.ROOT), op);
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put(
            "info",
            new JsonObject()
                .put("title", "Wayfarer")
                .put("version", "1")
                .put(
                    "description",
                    "The HTTP API of a Wayfarer gateway, generated from its route table."))
        .put("paths", paths)
        .put(
            "components",
            new JsonObject()
                .put(
                    "securitySchemes",
                    new JsonObject()
                        .put(
                            "session",
                            new JsonObject()
                                .put("type", "apiKey")
                                .put("in", "cookie")
                                .put("name", SessionCookie.NAME)))
                .put(
                    "schemas",
                    new JsonObject()
                        .put(
                            "Error",
                            new JsonObject()
                                .put("type", "object")
                                .put("required", new JsonArray().add("error"))
                                .put(
                                    "properties",
                                    new JsonObject()
                                        .put(
                                            "error",
                                            new JsonObject()
                                                .put("type", "object")
                                                .put(
                                                    "properties",
                                                    new JsonObject()
                                                        .put(
                                                            "code",
                                                            new JsonObject().put("type", "integer"))
                                                        .put(
                                                            "reason",
                                                            new JsonObject().put("type", "string"))
                                                        .put(
                                                            "message",
                                                            new JsonObject().put("type", "string"))
                                                        .put(
                                                            "requestId",
                                                            new JsonObject()
                                                                .put("type", "string"))))))));
  }

  private static String operationName(String path) {
    StringBuilder b = new StringBuilder();
    for (String part : path.replace("/api/", "").split("[/:]")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }

  private static JsonObject error(String description) {
    return new JsonObject()
        .put("description", description)
        .put(
            "content",
            new JsonObject()
                .put(
                    "application/json",
                    new JsonObject()
                        .put(
                            "schema", new JsonObject().put("$ref", "#/components/schemas/Error"))));
  }

  /** A form as JSON Schema: each field's limits and rule as its own declaration says them. */
  /** One field's JSON Schema: its type and limits. */
  static JsonObject schema(Field f) {
    JsonObject p = new JsonObject();
    if (f.kind() == Field.Kind.AMOUNTS) {
      return p.put("type", "object")
          .put("maxProperties", Field.MAX_AMOUNTS)
          .put(
              "propertyNames",
              new JsonObject().put("pattern", "^(?:" + f.pattern().pattern() + ")$"))
          .put(
              "additionalProperties",
              new JsonObject()
                  .put("type", "integer")
                  .put("minimum", f.min())
                  .put("maximum", f.max()));
    }
    if (f.kind() == Field.Kind.WHOLE) {
      p.put("type", "integer").put("minimum", f.min()).put("maximum", f.max());
    } else {
      p.put("type", "string").put("minLength", f.min()).put("maxLength", f.max());
      if (f.pattern() != null) {
        p.put("pattern", "^(?:" + f.pattern().pattern() + ")$");
      }
      if (f.kind() == Field.Kind.SECRET) {
        p.put("format", "password");
      }
    }
    return p;
  }

  static JsonObject schema(Form form) {
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    for (Map.Entry<String, Field> e : form.fields().entrySet()) {
      properties.put(e.getKey(), schema(e.getValue()).put("description", e.getValue().rule()));
      if (form.isRequired(e.getKey())) {
        required.add(e.getKey());
      }
    }
    JsonObject schema =
        new JsonObject()
            .put("type", "object")
            .put("properties", properties)
            .put("additionalProperties", false);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return schema;
  }
}
