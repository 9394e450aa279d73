package io.wayfarer.shared.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.util.List;

/**
 * World events: owned by the events verticle, published to everyone (ARCHITECTURE.md: the shape).
 */
public final class EventsContract {
  /**
   * Published when an event starts and again when it ends ({@code ended: true}): a {@link
   * WorldEvent}. Bridged.
   */
  public static final Topic<WorldEvent> EVENT =
      Topic.fixed(
          "events",
          "world.events",
          Audience.EVERYONE,
          WorldEvent::fromJson,
          "a world event `{id, type, name, town, severity, startsAt, endsAt, text, effects, ended}`, when it starts and when it ends");

  public static final String EVENTS = EVENT.address();

  /**
   * Published by the owner when it starts, never bridged: {@code {active: [...]}}, every event in
   * force. Whoever keeps a copy of the active events ({@link ActiveEvents}) replaces it with this,
   * so a redeployed owner, or a subscriber that started first, never leaves effects missing or
   * stale.
   */
  public static final Topic<Active> ACTIVE =
      Topic.fixed(
          "active",
          "events.active",
          Audience.SERVER,
          Active::fromJson,
          "`{active: [events]}`: every event in force, when the events' owner starts");

  /** {@code {active: [events]}}. */
  public record Active(List<WorldEvent> active) implements Body {
    public static Active fromJson(JsonObject json) {
      JsonArray all = json.getJsonArray("active", new JsonArray());
      return new Active(all.stream().map(o -> WorldEvent.fromJson((JsonObject) o)).toList());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("active", new JsonArray(active.stream().map(WorldEvent::toJson).toList()));
    }
  }

  /** {@code {active: [...], recent: [...], types: [...], towns: {...}}}. */
  public static final Command<Empty, Document> LIST =
      Command.read(
          "events.list",
          Empty::fromJson,
          Document::fromJson,
          null,
          "the world events in force, the recent ones and the kinds");

  /**
   * Admin, never bridged: raises an event. The gateway sends it only for accounts with the admin
   * role.
   */
  public static final Command<Raise, WorldEvent> RAISE =
      Command.change(
          "admin.events.raise",
          Raise::fromJson,
          WorldEvent::fromJson,
          Raise.FORM,
          "raises a world event (admins only)");

  /**
   * Admin, never bridged: ends an event in force now. Its end is published like any end; an event
   * that is over or unknown is a 404.
   */
  public static final Command<End, WorldEvent> END =
      Command.change(
          "admin.events.end",
          End::fromJson,
          WorldEvent::fromJson,
          End.FORM,
          "ends a world event in force now (admins only)");

  /**
   * Admin, never bridged: moves the end of an event in force to {@code hours} game hours from now.
   * The event is published again with its new end; an event that is over or unknown is a 404.
   */
  public static final Command<Reschedule, WorldEvent> RESCHEDULE =
      Command.change(
          "admin.events.reschedule",
          Reschedule::fromJson,
          WorldEvent::fromJson,
          Reschedule.FORM,
          "sets when a world event in force ends: hours from now (admins only)");

  /**
   * Server only, never bridged: a town's decree or news as a world event, raised at most once per
   * {@code key} (asked again, it answers the event the key raised), so an owner that retries after
   * a crash never raises two.
   */
  public static final Command<Proclaim, WorldEvent> PROCLAIM =
      Command.change(
          "events.proclaim",
          Proclaim::fromJson,
          WorldEvent::fromJson,
          null,
          "raises a town's decree or news as a world event, once per key (server only)");

  private EventsContract() {}

  /**
   * {@code {type, town, hours, text?, key, by}}: {@code key} names what caused it ({@code
   * decree:12}), {@code by} who (the town hall of a town).
   */
  public record Proclaim(String type, String town, int hours, String text, String key, String by)
      implements Body {
    public static Proclaim fromJson(JsonObject json) {
      String key = json.getString("key");
      if (key == null || key.isBlank() || key.length() > 80) {
        throw Refusal.badInput("key must name what proclaims, in 1 to 80 characters");
      }
      return new Proclaim(
          Inputs.TYPE.text(json),
          Inputs.TOWN.text(json),
          (int) Inputs.HOURS.whole(json),
          Inputs.TEXT.optionalText(json),
          key,
          json.getValue("by") instanceof String who ? who : "the town hall");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("type", type)
          .put("town", town)
          .put("hours", hours)
          .put("text", text)
          .put("key", key)
          .put("by", by);
    }
  }

  /** {@code {id, hours, by}}: the new end, game hours from now; {@code by} from the session. */
  public record Reschedule(long id, int hours, String by) implements Body {
    public static final Form FORM = Form.of().required(Inputs.ID).required(Inputs.HOURS);

    /** The field naming who asked, which the sender fills in, never the client. */
    public static final String ACTOR = "by";

    public static Reschedule fromJson(JsonObject json) {
      return new Reschedule(
          Inputs.ID.whole(json),
          (int) Inputs.HOURS.whole(json),
          json.getValue(ACTOR) instanceof String who ? who : "admin");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("hours", hours).put(ACTOR, by);
    }
  }

  /** {@code {id, endedBy}}: {@code endedBy} is the admin's name, taken from the session. */
  public record End(long id, String endedBy) implements Body {
    public static final Form FORM = Form.of().required(Inputs.ID);

    /** The field naming who asked, which the sender fills in, never the client. */
    public static final String ACTOR = "endedBy";

    public static End fromJson(JsonObject json) {
      return new End(
          Inputs.ID.whole(json), json.getValue(ACTOR) instanceof String who ? who : "admin");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put(ACTOR, endedBy);
    }
  }

  /**
   * {@code {type, town, severity?, hours?, text?, raisedBy}}: severity 3 and the type's shortest
   * duration when not given; {@code raisedBy} is the admin's name, which the gateway takes from the
   * session.
   */
  public record Raise(
      String type, String town, Integer severity, Integer hours, String text, String raisedBy)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.TYPE)
            .required(Inputs.TOWN)
            .optional(Inputs.SEVERITY)
            .optional(Inputs.HOURS)
            .optional(Inputs.TEXT);

    /** The field naming who asked, which the sender fills in, never the client. */
    public static final String ACTOR = "raisedBy";

    public static Raise fromJson(JsonObject json) {
      return new Raise(
          Inputs.TYPE.text(json),
          Inputs.TOWN.text(json),
          json.getValue("severity") == null ? null : (int) Inputs.SEVERITY.whole(json),
          json.getValue("hours") == null ? null : (int) Inputs.HOURS.whole(json),
          Inputs.TEXT.optionalText(json),
          json.getValue(ACTOR) instanceof String who ? who : "admin");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("type", type)
          .put("town", town)
          .put("severity", severity)
          .put("hours", hours)
          .put("text", text)
          .put(ACTOR, raisedBy);
    }
  }

  /** What an admin types to raise an event, each declared once. */
  public static final class Inputs {
    public static final Field TYPE =
        Field.text(
            "type",
            1,
            40,
            "[a-z][a-z0-9_]{0,39}",
            "type must be the id of an event type, such as bandits");
    public static final Field TOWN =
        Field.text(
            "town",
            1,
            40,
            "[a-z][a-z0-9_]{0,39}",
            "town must be the id of a town, such as redhaven");
    public static final Field SEVERITY = Field.whole("severity", 1, 5);
    public static final Field HOURS = Field.whole("hours", 1, 720);
    public static final Field ID = Field.whole("id", 1, Long.MAX_VALUE);
    public static final Field TEXT =
        Field.text("text", 0, 200, null, "text may have at most 200 characters");

    private Inputs() {}
  }
}
