package io.wayfarer.shared.player;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The player verticle's bus addresses (ARCHITECTURE.md rule 2). Requests carry the player id that the gateway took from
 * the session, never one a client supplied. Replies are JSON; failures carry HTTP-like codes.
 */
public final class PlayerContract {
  // Accounts and sessions.
  /** {@code {username, password}} → {@code {playerId, username}}; 400 weak password, 409 name taken. */
  public static final String REGISTER = "player.auth.register";
  /** {@code {username, password, address}} → {@code {token, playerId, username, role, idleExpiresAt, expiresAt}}; 401, 429. */
  public static final String LOGIN = "player.auth.login";
  /** {@code {token}} → {@code {}}: the session is revoked. */
  public static final String LOGOUT = "player.auth.logout";
  /** {@code {token}} → {@code {playerId, username, role}} and the idle expiry pushed back; 401 when not valid. */
  public static final String RESOLVE_SESSION = "player.auth.resolve";
  /**
   * {@code {tokenHashes: [...]}} → {@code {ended: [...]}}: the gateway's periodic word that these sessions have a page
   * open (they stay alive and online); those that ended meanwhile are named so their sockets are closed. Not bridged.
   */
  public static final String TOUCH_SESSIONS = "player.auth.touch";
  /** Published {@code {tokenHash, playerId}} when a session ends, so gateways close its sockets. */
  public static final String SESSION_REVOKED = "player.auth.revoked";

  // The character and what it does; every body has the server-known {@code playerId}.
  public static final Command<Me, Document> ME = Command.read("player.me", Me::fromJson, Document::fromJson, Form.of(),
      "your account, character, abilities, hit points, where you are, what you are doing, what you carry and your notices");
  public static final Command<NewCharacter, Document> CREATE_CHARACTER = Command.change("player.characters.create",
      NewCharacter::fromJson, Document::fromJson, NewCharacter.FORM, "creates your character, with its dice rolled by the server");
  public static final Command<Travel, Document> TRAVEL = Command.change("player.travel", Travel::fromJson, Document::fromJson,
      Travel.FORM, "sets out on the road to a neighbouring town; the journey is answered");
  public static final Command<Work, Document> WORK = Command.change("player.work", Work::fromJson, Document::fromJson, Work.FORM,
      "takes a shift of a job the town offers now; the wage is paid when it ends");
  public static final Command<Rest, Document> REST = Command.change("player.rest", Rest::fromJson, Document::fromJson, Rest.FORM,
      "takes a room at the town's inn for some hours, paid up front to the town");
  public static final Command<Empty, Document> WORLD_MAP = Command.read("player.world", Empty::fromJson, Document::fromJson, Form.of(),
      "the towns, roads and classes, who is in each town, and the coins");

  /** The player a request is for: the id the gateway took from the session, never one a client typed. */
  public static long sessionPlayer(JsonObject body) {
    if (!(body.getValue("playerId") instanceof Number n) || n.longValue() <= 0) {
      throw new Refusal(Failures.UNAUTHORIZED, "log in first");
    }
    return n.longValue();
  }

  /** Whose sheet: {@code {playerId}}. */
  public record Me(long playerId) implements Body {
    public static Me fromJson(JsonObject json) {
      return new Me(sessionPlayer(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId);
    }
  }

  /** {@code {playerId, name, class}}. */
  public record NewCharacter(long playerId, String name, String characterClass) implements Body {
    public static final Form FORM = Form.of().required(Inputs.CHARACTER_NAME).required(Inputs.CLASS);

    public static NewCharacter fromJson(JsonObject json) {
      return new NewCharacter(sessionPlayer(json), Inputs.CHARACTER_NAME.text(json), Inputs.CLASS.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("name", name).put("class", characterClass);
    }
  }

  /** {@code {playerId, to, requestId?}}. */
  public record Travel(long playerId, String to, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.DESTINATION).optional(RequestId.FIELD);

    public static Travel fromJson(JsonObject json) {
      return new Travel(sessionPlayer(json), Inputs.DESTINATION.text(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("to", to).put("requestId", requestId);
    }
  }

  /** {@code {playerId, job, hours, requestId?}}. */
  public record Work(long playerId, String job, int hours, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.JOB).required(Inputs.HOURS).optional(RequestId.FIELD);

    public static Work fromJson(JsonObject json) {
      return new Work(sessionPlayer(json), Inputs.JOB.text(json), (int) Inputs.HOURS.whole(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("job", job).put("hours", hours).put("requestId", requestId);
    }
  }

  /** {@code {playerId, hours, requestId?}}. */
  public record Rest(long playerId, int hours, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.HOURS).optional(RequestId.FIELD);

    public static Rest fromJson(JsonObject json) {
      return new Rest(sessionPlayer(json), (int) Inputs.HOURS.whole(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("hours", hours).put("requestId", requestId);
    }
  }
  /**
   * {@code {playerId, gameMinutes, kind, text, data}}: another verticle's notice for a player (a market receipt),
   * kept with the player's other notices and published on the player's inbox; replies {@code {id}}. Not bridged.
   */
  public static final String RECORD_NOTICE = "player.notices.record";

  private PlayerContract() {}

  /** What players type, each declared once (the gateway, this verticle and the browser's forms read these). */
  public static final class Inputs {
    public static final String ID = "[a-z][a-z0-9_]{0,39}";
    public static final Field USERNAME = Field.text("username", 3, 24, "[A-Za-z0-9_-]{3,24}",
        "a username has 3 to 24 letters, digits, - or _");
    /** At login any name is looked up (a wrong one gets the same answer as a wrong password). */
    public static final Field LOGIN_USERNAME = Field.text("username", 1, 64, null, "username must have 1 to 64 characters");
    /** The length rule; the verticle also refuses common passwords and ones that contain the username. */
    public static final Field PASSWORD = Field.secret("password", 8, 256, "a password has 8 to 256 characters");
    public static final Field LOGIN_PASSWORD = Field.secret("password", 1, 1024, "password must have 1 to 1024 characters");
    public static final Field CHARACTER_NAME = Field.text("name", 2, 24, "\\p{L}[\\p{L} '\\-]{1,23}",
        "a character's name has 2 to 24 letters, spaces, ' or -, and starts with a letter");
    public static final Field CLASS = Field.text("class", 1, 40, ID, "class must be the id of a class, such as fighter");
    public static final Field DESTINATION = Field.text("to", 1, 40, ID, "to must be the id of a town, such as millbrook");
    public static final Field JOB = Field.text("job", 1, 40, ID, "job must be the id of a job, such as dockhand");
    public static final Field HOURS = Field.whole("hours", 1, 12);

    private Inputs() {}
  }

  /** This player's own notices (arrival, encounters, wages, receipts). Bridged only to that player's sockets. */
  public static final Topic<Document> INBOX = Topic.keyed("inbox", "player.<id>.inbox", "[0-9]{1,18}", Audience.OWNER,
      Document::fromJson, "a notice `{id, gameMinutes, kind, text, data}` (trade receipts have kind `receipt`), to that player's own sockets only");
  /** Who is in a town right now: {@code {town, present: [names]}}. Bridged to everyone. */
  public static final Topic<Document> PRESENCE = Topic.keyed("presence", "town.<town>.presence", "[a-z0-9_-]{1,40}", Audience.EVERYONE,
      Document::fromJson, "`{town, present: [names], resting: [names]}`: who is in the town, when someone arrives, leaves, signs in or out");

  public static String inbox(long playerId) {
    return INBOX.address(playerId);
  }

  public static String townPresence(String town) {
    return PRESENCE.address(town);
  }

  /**
   * The SHA-256 of a session token, in hex: what PostgreSQL stores, what Redis keys on, and what
   * {@link #SESSION_REVOKED} names, so the raw token never needs to travel further than it must.
   */
  public static String tokenHash(String token) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static final Pattern INBOX_ADDRESS = Pattern.compile(INBOX.addressPattern());

  /** Parses the player id out of an inbox address, or -1. The pattern is compiled once: this runs for every frame. */
  public static long inboxOwner(String address) {
    Matcher m = address == null ? null : INBOX_ADDRESS.matcher(address);
    return m != null && m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
