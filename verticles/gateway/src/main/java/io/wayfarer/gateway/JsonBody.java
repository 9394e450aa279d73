package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.ObjectSchemaBuilder;

/**
 * Checks a request body against a JSON schema at the edge, with Vert.x's json-schema validator built once per
 * route (vertx-web-validation builds one per request, which showed at the top of the trade path's profile).
 * Unknown fields are refused, so a client can never slip in a field such as {@code playerId}. The parsed body is
 * left on the context for the next handler as {@link #BODY}.
 */
final class JsonBody implements Handler<RoutingContext> {
  static final String BODY = "wayfarer.body";
  private final Validator validator;

  private JsonBody(Validator validator) {
    this.validator = validator;
  }

  static JsonBody of(ObjectSchemaBuilder schema) {
    JsonObject json = schema.allowAdditionalProperties(false).toJson();
    return new JsonBody(Validator.create(JsonSchema.of(json),
        new JsonSchemaOptions().setDraft(Draft.DRAFT201909).setBaseUri("app://wayfarer/").setOutputFormat(OutputFormat.Basic)));
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
    OutputUnit result = validator.validate(body);
    if (!Boolean.TRUE.equals(result.getValid())) {
      HttpErrors.send(ctx, 400, describe(result));
      return;
    }
    ctx.put(BODY, body);
    ctx.next();
  }

  static JsonObject body(RoutingContext ctx) {
    return ctx.get(BODY);
  }

  /** The first error with where it is, e.g. "/qty: Instance type number is invalid. Expected integer". */
  private static String describe(OutputUnit result) {
    if (result.getErrors() != null) {
      for (OutputUnit e : result.getErrors()) {
        if (e.getError() != null) {
          String at = e.getInstanceLocation() == null || e.getInstanceLocation().isEmpty() ? "body" : e.getInstanceLocation();
          return "invalid request: " + at + ": " + e.getError();
        }
      }
    }
    return "invalid request" + (result.getError() == null ? "" : ": " + result.getError());
  }
}
