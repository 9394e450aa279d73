package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.wayfarer.gateway.Endpoint.Access.ADMIN;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.ops.OpsContract;

/**
 * The admin console's world controls and its audit: pause, resume, advance and scale the clock; see
 * what each process runs and replace one verticle; read the latest admin actions. Every action is
 * audited ({@link Api#admin}).
 */
final class AdminApi {
  /**
   * The time scale as the console types it: whole milliseconds of real time per game hour (the
   * clock's own unit, seconds, is fractional; a form field is a whole number).
   */
  static final Field MILLIS_PER_GAME_HOUR =
      Field.whole(
          "millisPerGameHour",
          Math.round(ClockContract.MIN_SECONDS_PER_GAME_HOUR * 1000),
          Math.round(ClockContract.MAX_SECONDS_PER_GAME_HOUR * 1000));

  private AdminApi() {}

  static void addTo(Api api, AdminAudit audit, PlayerApi players) {
    api.add(
            api.admin(
                POST,
                "/api/admin/clock/pause",
                "pauseClock",
                null,
                200,
                ClockContract.PAUSE,
                (ctx, body) -> new JsonObject()))
        .add(
            api.admin(
                POST,
                "/api/admin/clock/resume",
                "resumeClock",
                null,
                200,
                ClockContract.RESUME,
                (ctx, body) -> new JsonObject()))
        .add(
            api.admin(
                POST,
                "/api/admin/clock/advance",
                "advanceClock",
                Form.of().required(ClockContract.Advance.MINUTES),
                200,
                ClockContract.ADVANCE,
                (ctx, body) -> body))
        .add(
            api.admin(
                POST,
                "/api/admin/clock/scale",
                "scaleClock",
                Form.of().required(MILLIS_PER_GAME_HOUR),
                200,
                ClockContract.SCALE,
                (ctx, body) ->
                    new JsonObject()
                        .put(
                            "secondsPerGameHour",
                            body.getLong(MILLIS_PER_GAME_HOUR.name()) / 1000.0)))
        .add(
            Endpoint.handles(
                GET,
                "/api/admin/verticles",
                ADMIN,
                null,
                null,
                200,
                OpsContract.VERTICLES.summary(),
                ctx -> players.forward(ctx, OpsContract.VERTICLES, new JsonObject(), 200)))
        .add(
            api.admin(
                POST,
                "/api/admin/verticles/:verticle/redeploy",
                "redeploy",
                null,
                200,
                OpsContract.REDEPLOY,
                (ctx, body) -> new JsonObject().put("verticle", ctx.pathParam("verticle"))))
        .add(
            Endpoint.handles(
                GET,
                "/api/admin/audit",
                Endpoint.Access.ADMIN,
                null,
                null,
                200,
                "the latest 100 admin actions, newest first, each with who, when, why and its answer",
                ctx ->
                    audit
                        .recent(100)
                        .onSuccess(list -> ctx.json(new JsonObject().put("actions", list)))
                        .onFailure(err -> PlayerApi.fail(ctx, err))));
  }
}
