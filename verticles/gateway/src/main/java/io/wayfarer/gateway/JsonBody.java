package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a request body (or a GET's query string) against its {@link Form} at the edge and refuses
 * it in plain words ("hours must be a whole number from 1 to 12"; "unknown field 'playerId'"), so
 * no client can slip in a field such as {@code playerId}. The parsed body is left on the context
 * for the next handler as {@link #BODY}. Each form is registered under a name, and {@code GET
 * /api/limits} gives them all to the browser, whose form fields take their limits from there.
 */
final class JsonBody implements Handler<RoutingContext> {
  static final String BODY = "wayfarer.body";
  private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,18}");
  private final Form form;
  private final boolean inQuery;

  private JsonBody(Form form, boolean inQuery) {
    this.form = form;
    this.inQuery = inQuery;
  }

  /** The forms of a gateway instance, by name, as {@code GET /api/limits} lists them. */
  static final class Forms {
    private final Map<String, Form> byName = new LinkedHashMap<>();

    JsonBody check(String name, Form form) {
      byName.put(name, form);
      return new JsonBody(form, false);
    }

    /** The same checks for a GET, whose fields come in the query string. */
    JsonBody checkQuery(String name, Form form) {
      byName.put(name, form);
      return new JsonBody(form, true);
    }

    JsonObject toJson() {
      JsonObject out = new JsonObject();
      byName.forEach((name, form) -> out.put(name, form.toJson()));
      return out;
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body = inQuery ? fromQuery(ctx) : fromBody(ctx);
    if (body == null) {
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

  /** The body as a JSON object, or null once the client is told it is not one. */
  private static JsonObject fromBody(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      HttpErrors.send(ctx, 400, "the body must be a JSON object");
      return null;
    }
    if (body == null) {
      HttpErrors.send(ctx, 400, "the body must be a JSON object");
    }
    return body;
  }

  /**
   * The query string as the body the form checks: a whole-number field's digits become a number
   * (anything else stays text, which the field's rule then refuses); a name given twice is refused.
   */
  private JsonObject fromQuery(RoutingContext ctx) {
    JsonObject body = new JsonObject();
    for (String name : ctx.queryParams().names()) {
      List<String> values = ctx.queryParams().getAll(name);
      if (values.size() != 1) {
        HttpErrors.send(ctx, 400, name + " is given more than once");
        return null;
      }
      String value = values.get(0);
      Field field = form.fields().get(name);
      boolean whole = field != null && field.kind() == Field.Kind.WHOLE;
      body.put(name, whole && WHOLE.matcher(value).matches() ? Long.parseLong(value) : value);
    }
    return body;
  }

  static JsonObject body(RoutingContext ctx) {
    return ctx.get(BODY);
  }
}
