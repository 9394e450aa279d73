package io.wayfarer.shared.events;

import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.input.Field;

/** World events: owned by the NPC verticle, published to everyone (ARCHITECTURE.md: the shape). */
public final class EventsContract {
  /** Published when an event starts and again when it ends ({@code ended: true}): a {@link WorldEvent}. Bridged. */
  public static final Topic<WorldEvent> EVENT = Topic.fixed("events", "world.events", Audience.EVERYONE, WorldEvent::fromJson,
      "a world event `{id, type, name, town, severity, startsAt, endsAt, text, effects, ended}`, when it starts and when it ends");
  public static final String EVENTS = EVENT.address();
  /**
   * Published by the owner when it starts, never bridged: {@code {active: [...]}}, every event in force. Whoever keeps a
   * copy of the active events ({@link ActiveEvents}) replaces it with this, so a redeployed owner, or a subscriber that
   * started first, never leaves effects missing or stale.
   */
  public static final String ACTIVE = "events.active";
  /** Request {@code {}} → {@code {active: [...], recent: [...], types: [...]}}. */
  public static final String LIST = "events.list";
  /**
   * Admin request, never bridged: {@code {type, town, severity, hours, text?, raisedBy}} → the event. The gateway sends
   * it only for accounts with the admin role.
   */
  public static final String RAISE = "admin.events.raise";

  private EventsContract() {}

  /** What an admin types to raise an event, each declared once. */
  public static final class Inputs {
    public static final Field TYPE = Field.text("type", 1, 40, "[a-z][a-z0-9_]{0,39}", "type must be the id of an event type, such as bandits");
    public static final Field TOWN = Field.text("town", 1, 40, "[a-z][a-z0-9_]{0,39}", "town must be the id of a town, such as redhaven");
    public static final Field SEVERITY = Field.whole("severity", 1, 5);
    public static final Field HOURS = Field.whole("hours", 1, 720);
    public static final Field TEXT = Field.text("text", 0, 200, null, "text may have at most 200 characters");

    private Inputs() {}
  }
}
