package io.wayfarer.shared.social;

import static io.wayfarer.shared.player.PlayerContract.sessionPlayer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.SessionOnly;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Town life: who is in each town and online in the world, chat in a town, admins' announcements to
 * the world, whispers, ignore lists, reports and mutes, and offers between players. Owned by the
 * social verticle (ARCHITECTURE.md: the contracts).
 */
public final class SocialContract {
  private SocialContract() {}

  /**
   * A line said in a town, to signed-in sockets only (an anonymous page hears no chat). Published
   * only by the social verticle; players speak with {@link #SAY}.
   */
  public static final Topic<Line> CHAT =
      Topic.keyed(
          "chat",
          "town.<town>.chat",
          "[a-z0-9_-]{1,40}",
          Audience.SIGNED_IN,
          Line::fromJson,
          "a line `{id, channel, town, playerId, name, text, emote, at}` said in the town, to signed-in pages");

  /** An admin's announcement, to every page. */
  public static final Topic<Line> ANNOUNCEMENTS =
      Topic.fixed(
          "announcements",
          "world.announcements",
          Audience.EVERYONE,
          Line::fromJson,
          "an admin's announcement to the whole world, a line with channel `world`");

  /**
   * Who is in a town: the characters whose players are online there ({@code present}) and those
   * resting there ({@code resting}, with when each player was last seen). Bridged to everyone.
   */
  public static final Topic<Document> PRESENCE =
      Topic.keyed(
          "presence",
          "town.<town>.presence",
          "[a-z0-9_-]{1,40}",
          Audience.EVERYONE,
          Document::fromJson,
          "`{town, present: [names], resting: [names], lastSeen: {name: time}}`: who is in the town, when someone arrives, leaves, signs in or out");

  /** How many players are online in the whole world, on the road or in a town. */
  public static final Topic<Online> ONLINE =
      Topic.fixed(
              "online",
              "world.online",
              Audience.EVERYONE,
              Online::fromJson,
              "`{players}`: how many players are online in the world, when that changes")
          .superseding();

  /** Every town's presence and the world's count of players online. */
  public static final Command<Empty, Document> WHO =
      Command.read(
          "social.who",
          Empty::fromJson,
          Document::fromJson,
          Form.of(),
          "who is in each town (online or resting, and when the resting were last seen) and how many players are online in the world");

  public static String townPresence(String town) {
    return PRESENCE.address(town);
  }

  /** {@code {players}}: players online in the world. */
  public record Online(long players) implements Body {
    public static Online fromJson(JsonObject json) {
      return new Online(json.getLong("players", 0L));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("players", players);
    }
  }

  /** Says a line in the town where the speaker's character stands. */
  public static final Command<Say, Line> SAY =
      Command.change(
          "social.say",
          Say::fromJson,
          Line::fromJson,
          Say.FORM,
          "says a line (or, starting with /me, an emote) in the town where your character stands");

  /** The town's last lines (50), or the page before a line. */
  public static final Command<History, Document> HISTORY =
      Command.read(
          "social.history",
          History::fromJson,
          Document::fromJson,
          History.FORM,
          "the last lines said in the town where your character stands (`before`: the page before that line), and whom you ignore");

  /**
   * A private line to a named character, delivered on their inbox whether they are online or not.
   */
  public static final Command<Whisper, Document> WHISPER =
      Command.change(
          "social.whisper",
          Whisper::fromJson,
          Document::fromJson,
          Whisper.FORM,
          "whispers to a character by name; the answer is the same whether it arrives or not");

  public static final Command<Ignore, Document> IGNORE =
      Command.change(
          "social.ignore",
          Ignore::fromJson,
          Document::fromJson,
          Ignore.FORM,
          "ignores a character: their whispers never arrive and the page hides their lines");

  public static final Command<Ignore, Document> UNIGNORE =
      Command.change(
          "social.unignore",
          Ignore::fromJson,
          Document::fromJson,
          Ignore.FORM,
          "stops ignoring a character");

  public static final Command<Report, Document> REPORT =
      Command.change(
          "social.report",
          Report::fromJson,
          Document::fromJson,
          Report.FORM,
          "reports a line to the admins, with the 20 lines around it as evidence");

  /** Admin, never bridged. */
  public static final Command<Announce, Line> ANNOUNCE =
      Command.change(
          "admin.social.announce",
          Announce::fromJson,
          Line::fromJson,
          Announce.FORM,
          "announces a line to the whole world (admins only)");

  /** Admin, never bridged: a mute lasts across sign-ins and restarts, and is audited. */
  public static final Command<Mute, Document> MUTE =
      Command.change(
          "admin.social.mute",
          Mute::fromJson,
          Document::fromJson,
          Mute.FORM,
          "mutes a character's player for some minutes, with a reason (admins only; 0 minutes lifts it)");

  /** Admin, never bridged. */
  public static final Command<SessionOnly, Document> REPORTS =
      Command.read(
          "admin.social.reports",
          SessionOnly::fromJson,
          Document::fromJson,
          null,
          "the latest reports with their evidence (admins only)");

  /** Admin, never bridged: an account's latest 30 lines, whispers included. */
  public static final Command<ModerationContract.Account, Document> LINES_OF =
      Command.read(
          "admin.social.lines",
          ModerationContract.Account::fromJson,
          Document::fromJson,
          ModerationContract.Account.FORM,
          "an account's latest 30 lines, whispers included (admins only)");

  /**
   * Offers a player in the same town gold and goods for gold and goods (or as a gift): what is
   * given moves at once into escrow; {@code requestId} makes a repeat the same offer.
   */
  public static final Command<Offer, Document> OFFER =
      Command.change(
          "social.offer",
          Offer::fromJson,
          Document::fromJson,
          Offer.FORM,
          "offers gold and goods to a character in your town, for gold and goods or as a gift; what you give is held in escrow");

  public static final Command<OfferStep, Document> ACCEPT =
      Command.change(
          "social.offer.accept",
          OfferStep::fromJson,
          Document::fromJson,
          OfferStep.FORM,
          "accepts an offer made to you: both sides move in one transaction");

  public static final Command<OfferStep, Document> DECLINE =
      Command.change(
          "social.offer.decline",
          OfferStep::fromJson,
          Document::fromJson,
          OfferStep.FORM,
          "declines an offer made to you: what was offered goes back");

  public static final Command<OfferStep, Document> CANCEL =
      Command.change(
          "social.offer.cancel",
          OfferStep::fromJson,
          Document::fromJson,
          OfferStep.FORM,
          "cancels an offer you made: what you gave goes back");

  public static final Command<Offers, Document> OFFERS =
      Command.read(
          "social.offers",
          Offers::fromJson,
          Document::fromJson,
          null,
          "your open offers, made and received, and the latest that ended");

  /** What players type, each declared once. */
  public static final class Inputs {
    /**
     * A line: trimmed, control characters removed, at most 500 characters; shown as text, never
     * HTML.
     */
    public static final Field TEXT =
        Field.text("text", 1, 500, null, "text must have 1 to 500 characters");

    /** Whom a whisper goes to: a character's name, with the rule of a character's name. */
    public static final Field TO = PlayerContract.Inputs.CHARACTER_NAME.as("to");

    /** A character named in an ignore, a mute. */
    public static final Field NAME = PlayerContract.Inputs.CHARACTER_NAME;

    public static final Field BEFORE = Field.whole("before", 1, Long.MAX_VALUE);
    public static final Field LINE = Field.whole("line", 1, Long.MAX_VALUE);
    public static final Field REASON =
        Field.text("reason", 0, 200, null, "reason may have at most 200 characters");
    public static final Field MUTE_REASON =
        Field.text("reason", 1, 200, null, "reason must have 1 to 200 characters");

    /** What an offer gives or asks: coin (in copper) and goods by their ids. */
    public static final Field GIVES =
        Field.amounts(
            "gives",
            1,
            1_000_000_000L,
            "[a-z][a-z0-9_]{0,39}",
            "gives must name up to 10 things, coin or goods by id, each a whole number from 1 up");

    public static final Field WANTS = GIVES.as("wants");
    public static final Field OFFER_ID = Field.whole("offer", 1, Long.MAX_VALUE);

    /** Up to a year; 0 lifts a mute. */
    public static final Field MINUTES = Field.whole("minutes", 0, 525_600);

    private Inputs() {}
  }

  /** A line as heard: {@code channel} is {@code town} or {@code world}. */
  public record Line(
      long id,
      String channel,
      String town,
      long playerId,
      String name,
      String text,
      boolean emote,
      String at)
      implements Body {
    public static Line fromJson(JsonObject j) {
      return new Line(
          j.getLong("id"),
          j.getString("channel"),
          j.getString("town"),
          j.getLong("playerId", 0L),
          j.getString("name"),
          j.getString("text"),
          j.getBoolean("emote", false),
          j.getString("at"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("channel", channel)
          .put("town", town)
          .put("playerId", playerId)
          .put("name", name)
          .put("text", text)
          .put("emote", emote)
          .put("at", at);
    }

    public static JsonArray toJson(List<Line> lines) {
      return new JsonArray(lines.stream().map(Line::toJson).toList());
    }
  }

  public record Say(long playerId, String text, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.TEXT).optional(RequestId.FIELD);

    public static Say fromJson(JsonObject json) {
      return new Say(sessionPlayer(json), Inputs.TEXT.text(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("text", text)
          .put("requestId", requestId);
    }
  }

  public record History(long playerId, Long before) implements Body {
    public static final Form FORM = Form.of().optional(Inputs.BEFORE);

    public static History fromJson(JsonObject json) {
      return new History(
          sessionPlayer(json), json.getValue("before") == null ? null : Inputs.BEFORE.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("before", before);
    }
  }

  public record Whisper(long playerId, String to, String text) implements Body {
    public static final Form FORM = Form.of().required(Inputs.TO).required(Inputs.TEXT);

    public static Whisper fromJson(JsonObject json) {
      return new Whisper(sessionPlayer(json), Inputs.TO.text(json), Inputs.TEXT.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("to", to).put("text", text);
    }
  }

  public record Ignore(long playerId, String name) implements Body {
    public static final Form FORM = Form.of().required(Inputs.NAME);

    public static Ignore fromJson(JsonObject json) {
      return new Ignore(sessionPlayer(json), Inputs.NAME.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("name", name);
    }
  }

  public record Report(long playerId, long line, String reason) implements Body {
    public static final Form FORM = Form.of().required(Inputs.LINE).optional(Inputs.REASON);

    public static Report fromJson(JsonObject json) {
      return new Report(
          sessionPlayer(json),
          Inputs.LINE.whole(json),
          json.getValue("reason") == null ? "" : Inputs.REASON.optionalText(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("line", line).put("reason", reason);
    }
  }

  public record Offer(
      long playerId, String to, Map<String, Long> gives, Map<String, Long> wants, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.TO)
            .optional(Inputs.GIVES)
            .optional(Inputs.WANTS)
            .optional(RequestId.FIELD);

    public static Offer fromJson(JsonObject json) {
      return new Offer(
          sessionPlayer(json),
          Inputs.TO.text(json),
          Inputs.GIVES.amounts(json),
          Inputs.WANTS.amounts(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("to", to)
          .put("gives", new JsonObject(new LinkedHashMap<>(gives)))
          .put("wants", new JsonObject(new LinkedHashMap<>(wants)))
          .put("requestId", requestId);
    }
  }

  /** Accepting, declining or cancelling one offer. */
  public record OfferStep(long playerId, long offer) implements Body {
    public static final Form FORM = Form.of().required(Inputs.OFFER_ID).optional(RequestId.FIELD);

    public static OfferStep fromJson(JsonObject json) {
      return new OfferStep(sessionPlayer(json), Inputs.OFFER_ID.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("offer", offer);
    }
  }

  public record Offers(long playerId) implements Body {
    public static Offers fromJson(JsonObject json) {
      return new Offers(sessionPlayer(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId);
    }
  }

  /** {@code by} is the admin's name, which the gateway takes from the session. */
  public record Announce(String text, String by) implements Body {
    public static final Form FORM = Form.of().required(Inputs.TEXT);

    public static Announce fromJson(JsonObject json) {
      return new Announce(
          Inputs.TEXT.text(json), json.getValue("by") instanceof String who ? who : "admin");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("text", text).put("by", by);
    }
  }

  public record Mute(String name, long minutes, String reason, String by) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.NAME).required(Inputs.MINUTES).required(Inputs.MUTE_REASON);

    public static Mute fromJson(JsonObject json) {
      return new Mute(
          Inputs.NAME.text(json),
          Inputs.MINUTES.whole(json),
          Inputs.MUTE_REASON.text(json),
          json.getValue("by") instanceof String who ? who : "admin");
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("minutes", minutes)
          .put("reason", reason)
          .put("by", by);
    }
  }
}
