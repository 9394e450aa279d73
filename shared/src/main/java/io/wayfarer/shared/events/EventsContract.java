package io.wayfarer.shared.events;

/** World events: owned by the NPC verticle, published to everyone (DESIGN "Events"). */
public final class EventsContract {
  /** Published when an event starts and again when it ends ({@code ended: true}): a {@link WorldEvent}. Bridged. */
  public static final String EVENTS = "world.events";
  /** Request {@code {}} → {@code {active: [...], recent: [...], types: [...]}}. */
  public static final String LIST = "events.list";
  /**
   * Admin request, never bridged: {@code {type, town, severity, hours, text?, raisedBy}} → the event. The gateway sends
   * it only for accounts with the admin role.
   */
  public static final String RAISE = "admin.events.raise";

  private EventsContract() {}
}
