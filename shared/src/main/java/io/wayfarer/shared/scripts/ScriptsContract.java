package io.wayfarer.shared.scripts;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.SessionOnly;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.util.List;

/**
 * The world scripts' verticle: JavaScript files under {@code conf/world/scripts/} that react to the
 * world (its events, the day's phases, the seasons, players coming and going in towns) through a
 * small API, each in a sandbox with limits. Admins list them and reload one or all while players
 * play.
 */
public final class ScriptsContract {
  /** What a script may listen to: {@code world.on(kind, handler)}. */
  public static final List<String> KINDS =
      List.of(
          "event", "phase", "season", "whereabouts", "arrival", "work", "rest", "trade", "quest");

  /**
   * Coin a script names: a whole number of copper, or money written in coins ({@code "3 gp 5 sp"}).
   */
  public static long coinOf(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number n) {
      if (n.doubleValue() != Math.floor(n.doubleValue())) {
        throw new IllegalArgumentException("coin must be whole copper, not " + n);
      }
      return n.longValue();
    }
    return Money.parse(String.valueOf(value));
  }

  /**
   * Admin, never bridged: {@code {scripts: [{name, file, listensTo, state, faults, lastFault}]}};
   * state is {@code running}, {@code disabled} (after too many faults, until reloaded) or {@code
   * not loaded} (its file did not load; {@code lastFault} says why).
   */
  public static final Command<SessionOnly, Document> LIST =
      Command.read(
          "admin.scripts.list",
          SessionOnly::fromJson,
          Document::fromJson,
          null,
          "the world scripts: what each listens to, whether it runs, its faults (admins only)");

  /**
   * Admin, never bridged: reads one script's file again ({@code name}) or every file (no name), and
   * runs it with its faults forgotten; replies as {@link #LIST} does. A file that does not load is
   * refused with its line, and the script it would replace keeps running.
   */
  public static final Command<Reload, Document> RELOAD =
      Command.change(
          "admin.scripts.reload",
          Reload::fromJson,
          Document::fromJson,
          Reload.FORM,
          "reloads one world script from its file, or all of them (admins only)");

  private ScriptsContract() {}

  /** {@code {name?, by}}: {@code by} is who asked, from the session. */
  public record Reload(String name, String by) implements Body {
    public static final Field NAME =
        Field.text(
            "name",
            1,
            60,
            "[a-z0-9][a-z0-9_-]{0,59}",
            "name must be a script's file name without .js, such as festival");
    public static final Form FORM = Form.of().optional(NAME);

    /** The field naming who asked, which the sender fills in, never the client. */
    public static final String ACTOR = "by";

    public static Reload fromJson(JsonObject json) {
      return new Reload(
          NAME.optionalText(json), json.getValue(ACTOR) instanceof String who ? who : "admin");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put(ACTOR, by);
    }
  }
}
