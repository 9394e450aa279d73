package io.wayfarer.shared.ops;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.player.PlayerContract;

/**
 * How processes tell what they run and take orders to replace one verticle. Every Wayfarer process
 * answers {@link #VERTICLES} and {@link #REDEPLOY} (whichever gets the request asks or forwards to
 * the others), and its own {@link #process} address. Never bridged: the gateway's admin routes and
 * its {@code /health} are the only callers.
 */
public final class OpsContract {
  /**
   * Where each process keeps its entry: a cluster-wide map (a local one without a cluster), each
   * entry put again every few seconds with a time to live, so a dead process drops out by itself.
   */
  public static final String PROCESSES_MAP = "wayfarer.processes";

  /**
   * How long a redeploy may take: the old verticle drains what is in flight (at most {@code
   * Replies.DRAIN_MILLIS}) and the new one starts.
   */
  public static final long REDEPLOY_TIMEOUT_MILLIS = 60_000;

  /**
   * Every process, each verticle it runs (instances, since when, how often replaced, up or not),
   * its PostgreSQL and Redis, and the verticles no process runs.
   */
  public static final Command<Empty, Document> VERTICLES =
      Command.read(
          "admin.verticles",
          Empty::fromJson,
          Document::fromJson,
          null,
          "what each process runs, its health, and what no process runs (admins only)");

  /**
   * Replaces one verticle in the process that runs it, with the configuration read again: the new
   * one ready before the old one stops where two may run at once, the old one stopped (its state
   * saved) before the new one starts where only one may.
   */
  public static final Command<Redeploy, Document> REDEPLOY =
      Command.change(
              "admin.verticles.redeploy",
              Redeploy::fromJson,
              Document::fromJson,
              Redeploy.FORM,
              "replaces one verticle in its process with its configuration read again, while players stay connected (admins only)")
          .patient(REDEPLOY_TIMEOUT_MILLIS + 30_000);

  /** One process's own report: its verticles and their health. */
  public static Command<Empty, Document> status(String process) {
    return Command.read(
        "ops.process." + process + ".status",
        Empty::fromJson,
        Document::fromJson,
        null,
        "one process's verticles and health");
  }

  /** One process's own redeploy: the verticle must run there. */
  public static Command<Redeploy, Document> redeployIn(String process) {
    return Command.change(
            "ops.process." + process + ".redeploy",
            Redeploy::fromJson,
            Document::fromJson,
            null,
            "replaces one verticle in this process")
        .patient(REDEPLOY_TIMEOUT_MILLIS + 15_000);
  }

  private OpsContract() {}

  /** {@code {verticle}}: the name {@code --only} takes, such as {@code market}. */
  public record Redeploy(String verticle) implements Body {
    public static final Field VERTICLE =
        Field.text(
            "verticle",
            1,
            40,
            PlayerContract.Inputs.ID,
            "verticle must be the name of a verticle, such as market");

    public static final Form FORM = Form.of().required(VERTICLE);

    public static Redeploy fromJson(JsonObject json) {
      return new Redeploy(VERTICLE.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("verticle", verticle);
    }
  }
}
