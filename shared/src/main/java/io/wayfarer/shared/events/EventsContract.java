package io.wayfarer.shared.events;

/** World events: owned by the NPC verticle, published to everyone (DESIGN "Events"). */
public final class EventsContract {
  /** Published when an event starts and again when it ends ({@code ended: true}): a {@link WorldEvent}. Bridged. */
  public static final String EVENTS = "world.events";
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
}
