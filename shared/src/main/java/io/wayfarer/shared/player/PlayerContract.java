package io.wayfarer.shared.player;

import io.vertx.core.json.JsonArray;
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
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The player verticle's bus addresses (ARCHITECTURE.md rule 2). Requests carry the player id that
 * the gateway took from the session, never one a client supplied. Replies are JSON; failures carry
 * HTTP-like codes.
 */
public final class PlayerContract {
  // Accounts and sessions.
  /**
   * → {@code {playerId, username}}; 400 weak password, 409 name taken, 429 too many from the
   * address.
   */
  public static final Command<Register, Document> REGISTER =
      Command.read(
          "player.auth.register",
          Register::fromJson,
          Document::fromJson,
          Register.FORM,
          "creates an account (the password is checked against common ones and the name)");

  /** → {@code {token, playerId, username, role, idleExpiresAt, expiresAt}}; 401, 429. */
  public static final Command<Login, Document> LOGIN =
      Command.read(
          "player.auth.login",
          Login::fromJson,
          Document::fromJson,
          Login.FORM,
          "signs in: the session is an HttpOnly cookie; answers who is signed in");

  /** The session is revoked. */
  public static final Command<Token, Empty> LOGOUT =
      Command.change(
          "player.auth.logout",
          Token::fromJson,
          Empty::fromJson,
          null,
          "signs out and ends the session");

  /** Who the session is, and its idle expiry pushed back; 401 when not valid. */
  public static final Command<Token, Session> RESOLVE_SESSION =
      Command.read(
          "player.auth.resolve",
          Token::fromJson,
          Session::fromJson,
          null,
          "who a session token belongs to");

  /**
   * The gateway's periodic word that these sessions have a page open (they stay alive and online);
   * those that ended meanwhile are named so their sockets are closed. Not bridged.
   */
  public static final Command<Touch, Touch> TOUCH_SESSIONS =
      Command.read(
          "player.auth.touch",
          Touch::fromJson,
          Touch::fromJson,
          null,
          "keeps sessions with open pages alive; answers those that ended");

  /** Published when a session ends, so gateways close its sockets and forget it. Never bridged. */
  public static final Topic<Revoked> SESSION_REVOKED =
      Topic.fixed(
          "revoked",
          "player.auth.revoked",
          Audience.SERVER,
          Revoked::fromJson,
          "`{tokenHash, playerId}` when a session ends");

  /** {@code {tokenHash, playerId}}: a session that ended, named by its token's hash. */
  public record Revoked(String tokenHash, long playerId) implements Body {
    public static Revoked fromJson(JsonObject json) {
      return new Revoked(json.getString("tokenHash"), json.getLong("playerId", 0L));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("tokenHash", tokenHash).put("playerId", playerId);
    }
  }

  // The character and what it does; every body has the server-known {@code playerId}.
  public static final Command<Me, Document> ME =
      Command.read(
          "player.me",
          Me::fromJson,
          Document::fromJson,
          Form.of(),
          "your account, character, abilities, hit points, where you are, what you are doing, what you carry and your notices");
  public static final Command<NewCharacter, Document> CREATE_CHARACTER =
      Command.change(
          "player.characters.create",
          NewCharacter::fromJson,
          Document::fromJson,
          NewCharacter.FORM,
          "creates your character, with its dice rolled by the server");
  public static final Command<Travel, Document> TRAVEL =
      Command.change(
          "player.travel",
          Travel::fromJson,
          Document::fromJson,
          Travel.FORM,
          "sets out on the road to a neighbouring town; the journey is answered");
  public static final Command<Work, Document> WORK =
      Command.change(
          "player.work",
          Work::fromJson,
          Document::fromJson,
          Work.FORM,
          "takes a shift of a job the town offers now; the wage is paid when it ends");
  public static final Command<Rest, Document> REST =
      Command.change(
          "player.rest",
          Rest::fromJson,
          Document::fromJson,
          Rest.FORM,
          "takes a room at the town's inn for some hours, paid up front to the town");
  public static final Command<Empty, Document> WORLD_MAP =
      Command.read(
          "player.world",
          Empty::fromJson,
          Document::fromJson,
          Form.of(),
          "the towns, roads and classes, and the coins");

  /**
   * The player a request is for: the id the gateway took from the session, never one a client
   * typed.
   */
  public static long sessionPlayer(JsonObject body) {
    if (!(body.getValue("playerId") instanceof Number n) || n.longValue() <= 0) {
      throw new Refusal(Failures.UNAUTHORIZED, "log in first");
    }
    return n.longValue();
  }

  /** The client's address as the gateway saw it (for counting attempts), at most 64 characters. */
  static String clientAddress(JsonObject json) {
    String a = json.getValue("address") instanceof String s ? s : "";
    return a.length() > 64 ? a.substring(0, 64) : a;
  }

  /** {@code {username, password, address}}. */
  public record Register(String username, String password, String address) implements Body {
    public static final Form FORM = Form.of().required(Inputs.USERNAME).required(Inputs.PASSWORD);

    public static Register fromJson(JsonObject json) {
      return new Register(
          Inputs.USERNAME.text(json), Inputs.PASSWORD.text(json), clientAddress(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("username", username)
          .put("password", password)
          .put("address", address);
    }
  }

  /**
   * {@code {username, password, address, previousToken?}}: the browser's previous session, if any,
   * is replaced.
   */
  public record Login(String username, String password, String address, String previousToken)
      implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.LOGIN_USERNAME).required(Inputs.LOGIN_PASSWORD);

    public static Login fromJson(JsonObject json) {
      return new Login(
          Inputs.LOGIN_USERNAME.text(json),
          Inputs.LOGIN_PASSWORD.text(json),
          clientAddress(json),
          json.getValue("previousToken") instanceof String t ? t : null);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("username", username)
          .put("password", password)
          .put("address", address)
          .put("previousToken", previousToken);
    }
  }

  /** {@code {token}}: a session token (a missing one is "log in first", 401). */
  public record Token(String token) implements Body {
    public static Token fromJson(JsonObject json) {
      if (!(json.getValue("token") instanceof String t) || t.isEmpty() || t.length() > 200) {
        throw new Refusal(Failures.UNAUTHORIZED, "log in first");
      }
      return new Token(t);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("token", token);
    }
  }

  /** {@code {playerId, username, role, expiresAt}}: who a session is. */
  public record Session(long playerId, String username, String role, long expiresAt)
      implements Body {
    public static Session fromJson(JsonObject json) {
      return new Session(
          json.getLong("playerId"),
          json.getString("username"),
          json.getString("role"),
          json.getLong("expiresAt", 0L));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("username", username)
          .put("role", role)
          .put("expiresAt", expiresAt);
    }
  }

  /**
   * {@code {tokenHashes: [...]}} asked, {@code {tokenHashes: [...]}} (those that ended) answered.
   */
  public record Touch(List<String> tokenHashes) implements Body {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public static Touch fromJson(JsonObject json) {
      JsonArray hashes = json.getJsonArray("tokenHashes");
      if (hashes == null
          || hashes.size() > 10_000
          || !hashes.stream().allMatch(h -> h instanceof String s && HASH.matcher(s).matches())) {
        throw Refusal.badInput(
            "tokenHashes must list up to 10000 session token hashes (64 hex digits)");
      }
      return new Touch(hashes.stream().map(String.class::cast).toList());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("tokenHashes", new JsonArray(tokenHashes));
    }
  }

  /**
   * {@code {playerId, gameMinutes, kind, text, data?}}: a notice another verticle has for a player.
   */
  public record Notice(long playerId, long gameMinutes, String kind, String text, JsonObject data)
      implements Body {
    private static final Pattern KIND = Pattern.compile("[a-z]{1,20}");

    /** The longest text a notice has. */
    public static final int MAX_TEXT = 500;

    /** {@code text} cut to a notice's length if it is longer (never half a character), with "…". */
    public static String fit(String text) {
      if (text.length() <= MAX_TEXT) {
        return text;
      }
      int end = MAX_TEXT - 1;
      end -= Character.isHighSurrogate(text.charAt(end - 1)) ? 1 : 0;
      return text.substring(0, end) + "…";
    }

    public static Notice fromJson(JsonObject json) {
      if (!(json.getValue("playerId") instanceof Number p)
          || p.longValue() <= 0
          || !(json.getValue("gameMinutes") instanceof Number t)
          || !(json.getValue("kind") instanceof String kind)
          || !KIND.matcher(kind).matches()
          || !(json.getValue("text") instanceof String text)
          || text.isBlank()
          || text.length() > MAX_TEXT
          || (json.getValue("data") != null && !(json.getValue("data") instanceof JsonObject))) {
        throw Refusal.badInput(
            "a notice needs a playerId, gameMinutes, a kind (a-z), a text of 1 to 500 characters, and data as an object if any");
      }
      return new Notice(
          p.longValue(), t.longValue(), kind, text, json.getJsonObject("data", new JsonObject()));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("gameMinutes", gameMinutes)
          .put("kind", kind)
          .put("text", text)
          .put("data", data);
    }
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
    public static final Form FORM =
        Form.of().required(Inputs.CHARACTER_NAME).required(Inputs.CLASS);

    public static NewCharacter fromJson(JsonObject json) {
      return new NewCharacter(
          sessionPlayer(json), Inputs.CHARACTER_NAME.text(json), Inputs.CLASS.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("name", name)
          .put("class", characterClass);
    }
  }

  /** {@code {playerId, to, requestId?}}. */
  public record Travel(long playerId, String to, String requestId) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.DESTINATION).optional(RequestId.FIELD);

    public static Travel fromJson(JsonObject json) {
      return new Travel(
          sessionPlayer(json), Inputs.DESTINATION.text(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("to", to).put("requestId", requestId);
    }
  }

  /** {@code {playerId, job, hours, requestId?}}. */
  public record Work(long playerId, String job, int hours, String requestId) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.JOB).required(Inputs.HOURS).optional(RequestId.FIELD);

    public static Work fromJson(JsonObject json) {
      return new Work(
          sessionPlayer(json),
          Inputs.JOB.text(json),
          (int) Inputs.HOURS.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("job", job)
          .put("hours", hours)
          .put("requestId", requestId);
    }
  }

  /** {@code {playerId, hours, requestId?}}. */
  public record Rest(long playerId, int hours, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.HOURS).optional(RequestId.FIELD);

    public static Rest fromJson(JsonObject json) {
      return new Rest(
          sessionPlayer(json), (int) Inputs.HOURS.whole(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("hours", hours)
          .put("requestId", requestId);
    }
  }

  /**
   * Another verticle's notice for a player (a market receipt), kept with the player's other notices
   * and published on the player's inbox; replies {@code {id}}. Not bridged.
   */
  /**
   * Server only, never bridged: the same notice for every character in a town now (a world script's
   * news); replies {@code {noticed}}, how many.
   */
  public static final Command<TownNotice, Document> NOTICE_TOWN =
      Command.change(
          "player.notices.town",
          TownNotice::fromJson,
          Document::fromJson,
          null,
          "keeps a notice for every character in a town and publishes each on its inbox");

  /** {@code {town, gameMinutes, kind, text}}: a notice for everyone in a town. */
  public record TownNotice(String town, long gameMinutes, String kind, String text)
      implements Body {
    public static TownNotice fromJson(JsonObject json) {
      String town = TownRef.townOf(json);
      JsonObject asOne = json.copy().put("playerId", 1).put("data", (Object) null);
      Notice checked = Notice.fromJson(asOne);
      return new TownNotice(town, checked.gameMinutes(), checked.kind(), checked.text());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("town", town)
          .put("gameMinutes", gameMinutes)
          .put("kind", kind)
          .put("text", text);
    }
  }

  /**
   * Server only, never bridged: a notice for one player with experience to add ({@code xp}, 0 for
   * none), applied once per {@code id} however often it comes; a level gained raises the
   * character's hit points and adds a notice of its own. Replies {@code {applied, xp, level}}.
   */
  public static final Command<Award, Document> AWARD =
      Command.change(
          "player.awards",
          Award::fromJson,
          Document::fromJson,
          null,
          "keeps a notice for a player and adds its experience, once per id");

  /** {@code {id, xp, notice: {playerId, gameMinutes, kind, text, data}}}. */
  public record Award(String id, long xp, Notice notice) implements Body {
    private static final Pattern ID = Pattern.compile("[a-z0-9:_-]{1,80}");

    /** The most experience one award gives. */
    public static final long MAX_XP = 1_000_000;

    public static Award fromJson(JsonObject json) {
      if (!(json.getValue("id") instanceof String id)
          || !ID.matcher(id).matches()
          || !(json.getValue("xp") instanceof Number xp)
          || xp.longValue() < 0
          || xp.longValue() > MAX_XP
          || !(json.getValue("notice") instanceof JsonObject notice)) {
        throw Refusal.badInput(
            "an award needs an id (a-z, 0-9, :, _ or -, up to 80), xp from 0 to "
                + MAX_XP
                + " and a notice");
      }
      return new Award(id, xp.longValue(), Notice.fromJson(notice));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("xp", xp).put("notice", notice.toJson());
    }
  }

  /**
   * Server only, never bridged: what a character finished, published after it is kept ({@code
   * arrived}, {@code worked}, {@code rested}); the market publishes trades the same way on {@code
   * market.traded}. World scripts and quests hear them. Nothing depends on hearing every one: a
   * quest checks what was done against the player verticle's {@code finished_activities} view.
   */
  public static final Topic<Deed> DEEDS =
      Topic.fixed(
          "deeds",
          "player.deeds",
          Audience.SERVER,
          Deed::fromJson,
          "`{playerId, kind, town, gameMinutes, details}`: a journey, shift or rest finished");

  /**
   * {@code {playerId, kind, town, gameMinutes, details}}: who did what where and when; {@code
   * details} are the activity's (a journey's road and encounter, a shift's job and hours) or the
   * trade's receipt.
   */
  public record Deed(long playerId, String kind, String town, long gameMinutes, JsonObject details)
      implements Body {
    public static Deed fromJson(JsonObject json) {
      return new Deed(
          json.getLong("playerId"),
          json.getString("kind"),
          json.getString("town"),
          json.getLong("gameMinutes"),
          json.getJsonObject("details", new JsonObject()));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("kind", kind)
          .put("town", town)
          .put("gameMinutes", gameMinutes)
          .put("details", details);
    }
  }

  public static final Command<Notice, Document> RECORD_NOTICE =
      Command.change(
          "player.notices.record",
          Notice::fromJson,
          Document::fromJson,
          null,
          "keeps a notice for a player and publishes it on the inbox");

  private PlayerContract() {}

  /**
   * What players type, each declared once (the gateway, this verticle and the browser's forms read
   * these).
   */
  public static final class Inputs {
    public static final String ID = "[a-z][a-z0-9_]{0,39}";
    public static final Field USERNAME =
        Field.text(
            "username",
            3,
            24,
            "[A-Za-z0-9_-]{3,24}",
            "a username has 3 to 24 letters, digits, - or _");

    /** At login any name is looked up (a wrong one gets the same answer as a wrong password). */
    public static final Field LOGIN_USERNAME =
        Field.text("username", 1, 64, null, "username must have 1 to 64 characters");

    /**
     * The length rule; the verticle also refuses common passwords and ones that contain the
     * username.
     */
    public static final Field PASSWORD =
        Field.secret("password", 8, 256, "a password has 8 to 256 characters");

    public static final Field LOGIN_PASSWORD =
        Field.secret("password", 1, 1024, "password must have 1 to 1024 characters");
    public static final Field CHARACTER_NAME =
        Field.text(
            "name",
            2,
            24,
            "\\p{L}[\\p{L} '\\-]{1,23}",
            "a character's name has 2 to 24 letters, spaces, ' or -, and starts with a letter");
    public static final Field CLASS =
        Field.text("class", 1, 40, ID, "class must be the id of a class, such as fighter");
    public static final Field DESTINATION =
        Field.text("to", 1, 40, ID, "to must be the id of a town, such as millbrook");
    public static final Field JOB =
        Field.text("job", 1, 40, ID, "job must be the id of a job, such as dockhand");
    public static final Field HOURS = Field.whole("hours", 1, 12);

    private Inputs() {}
  }

  /**
   * This player's own notices (arrival, encounters, wages, receipts). Bridged only to that player's
   * sockets.
   */
  public static final Topic<Document> INBOX =
      Topic.keyed(
          "inbox",
          "player.<id>.inbox",
          "[0-9]{1,18}",
          Audience.OWNER,
          Document::fromJson,
          "a notice `{id, gameMinutes, kind, text, data}` (trade receipts have kind `receipt`), to that player's own sockets only");

  /**
   * Someone arrived in these towns, left them, or signed in or out there: the owner of presence
   * counts them again. Server only.
   */
  public static final Topic<Moved> WHEREABOUTS =
      Topic.fixed(
          "whereabouts",
          "player.whereabouts",
          Audience.SERVER,
          Moved::fromJson,
          "`{towns}`: towns where a character arrived or left, or a player signed in or out");

  /** {@code {towns}}: the towns whose presence changed. */
  public record Moved(List<String> towns) implements Body {
    public static Moved fromJson(JsonObject json) {
      JsonArray towns = json.getJsonArray("towns", new JsonArray());
      return new Moved(towns.stream().map(String::valueOf).toList());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("towns", new JsonArray(towns));
    }
  }

  public static String inbox(long playerId) {
    return INBOX.address(playerId);
  }

  /**
   * The SHA-256 of a session token, in hex: what PostgreSQL stores, what Redis keys on, and what
   * {@link #SESSION_REVOKED} names, so the raw token never needs to travel further than it must.
   */
  public static String tokenHash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static final Pattern INBOX_ADDRESS = Pattern.compile(INBOX.addressPattern());

  /**
   * Parses the player id out of an inbox address, or -1. The pattern is compiled once: this runs
   * for every frame.
   */
  public static long inboxOwner(String address) {
    Matcher m = address == null ? null : INBOX_ADDRESS.matcher(address);
    return m != null && m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
