package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.input.Form;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a request body against its {@link Form} at the edge and refuses it in plain words ("hours
 * must be a whole number from 1 to 12"; "unknown field 'playerId'"), so no client can slip in a
 * field such as {@code playerId}. The parsed body is left on the context for the next handler as
 * {@link #BODY}. Each form is registered under a name, and {@code GET /api/limits} gives them all
 * to the browser, whose form fields take their limits from there.
 */
final class JsonBody implements Handler<RoutingContext> {
  static final String BODY = "wayfarer.body";
  private final Form form;

  private JsonBody(Form form) {
    this.form = form;
  }

  /** The forms of a gateway instance, by name, as {@code GET /api/limits} lists them. */
  static final class Forms {
    private final Map<String, Form> byName = new LinkedHashMap<>();

    JsonBody check(String name, Form form) {
      byName.put(name, form);
      return new JsonBody(form);
    }

    JsonObject toJson() {
      JsonObject out = new JsonObject();
      byName.forEach((name, form) -> out.put(name, form.toJson()));
      return out;
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      HttpErrors.send(ctx, 400, "the body must be a JSON object");
      return;
    }
    if (body == null) {
      HttpErrors.send(ctx, 400, "the body must be a JSON object");
      return;
    }
    String problem = form.problem(body);
    if (problem != null) {
      HttpErrors.send(ctx, 400, problem);
      return;
    }
    ctx.put(BODY, body);
    ctx.next();
  }

  static JsonObject body(RoutingContext ctx) {
    return ctx.get(BODY);
  }
}
