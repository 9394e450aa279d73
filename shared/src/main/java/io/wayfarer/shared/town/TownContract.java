package io.wayfarer.shared.town;

import static io.wayfarer.shared.player.PlayerContract.sessionPlayer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import io.wayfarer.shared.world.Charters;
import java.util.ArrayList;
import java.util.List;

/**
 * Town politics: each town's offices, elections, treasury, taxes and decrees. Owned by the town
 * verticle (ARCHITECTURE.md: the contracts). Rates reach the verticles that charge them as {@link
 * #LAWS}, kept by {@link TownLaws}; decrees reach the world as world events, which every verticle
 * already reacts to.
 */
public final class TownContract {
  private TownContract() {}

  /** The town hall: offices, election, treasury, rates, decrees and petition, as you see them. */
  public static final Command<Hall, Document> HALL =
      Command.read(
          "town.hall",
          Hall::fromJson,
          Document::fromJson,
          null,
          "the town hall: mayor and council, term and election, treasury and recent flows, rates and announced changes, decrees, petition, and whether you are a citizen");

  /** Every flow in and out of the treasury, with its cause and game time, and the balance. */
  public static final Command<TownRef, Document> TREASURY =
      Command.read(
          "town.treasury",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "the town's treasury: its balance and every flow in and out (newest first), with its cause, in game time");

  /** Server only: every town's rate schedule, for {@link TownLaws}. */
  public static final Command<Empty, Document> LAWS_LIST =
      Command.read(
          "town.laws.list",
          Empty::fromJson,
          Document::fromJson,
          null,
          "every town's rates and announced changes (server only)");

  public static final Command<Declare, Document> DECLARE =
      Command.change(
          "town.declare",
          Declare::fromJson,
          Document::fromJson,
          Declare.FORM,
          "stands for mayor of the town during its candidacy window, with a short statement (citizens only)");

  public static final Command<Ballot, Document> BALLOT =
      Command.change(
          "town.ballot",
          Ballot::fromJson,
          Document::fromJson,
          Ballot.FORM,
          "casts or changes your ranked ballot during the voting window: candidate ids, first choice first (citizens only, one per account)");

  public static final Command<SetRate, Document> SET_RATE =
      Command.change(
          "town.rate",
          SetRate::fromJson,
          Document::fromJson,
          SetRate.FORM,
          "the mayor announces a new tax rate: within the charter's caps, at least the charter's notice ahead, at most once a week per tax");

  public static final Command<Decree, Document> DECREE =
      Command.change(
          "town.decree",
          Decree::fromJson,
          Document::fromJson,
          Decree.FORM,
          "the mayor spends from the treasury by a decree of a kind the charter allows; above the spending limit it goes to a vote");

  public static final Command<DecreeVote, Document> DECREE_VOTE =
      Command.change(
          "town.decree.vote",
          DecreeVote::fromJson,
          Document::fromJson,
          DecreeVote.FORM,
          "votes for or against a decree put to a vote (the council, or citizens where there is none)");

  public static final Command<Recall, Document> RECALL =
      Command.change(
          "town.recall",
          Recall::fromJson,
          Document::fromJson,
          Recall.FORM,
          "signs the petition to recall the mayor; enough signatures call an early election (citizens only)");

  /**
   * A town's rates and announced changes, published when one is announced and for every town when
   * the owner starts. Never bridged: the verticles that charge taxes keep it ({@link TownLaws}).
   */
  public static final Topic<Laws> LAWS =
      Topic.fixed(
          "laws",
          "town.laws",
          Audience.SERVER,
          Laws::fromJson,
          "`{town, changes: [{kind, rate, from}]}`: a town's rate schedule, when it changes");

  /** Something in the town hall changed: the page asks for the hall again. Bridged. */
  public static final Topic<HallChanged> HALL_CHANGED =
      Topic.keyed(
          "hall",
          "town.<town>.hall",
          "[a-z][a-z0-9_]{0,39}",
          Audience.EVERYONE,
          HallChanged::fromJson,
          "`{town, what}`: the town hall changed (a candidate, a result, a rate, a decree, the treasury)");

  /** What players type at the town hall, each declared once. */
  public static final class Inputs {
    public static final Field STATEMENT =
        Field.text("statement", 1, 280, null, "statement must have 1 to 280 characters");
    public static final Field RANKING =
        Field.text(
            "ranking",
            0,
            200,
            "([0-9]{1,12}(,[0-9]{1,12}){0,19})?",
            "ranking must list candidate numbers separated by commas, first choice first (empty: a blank ballot)");
    public static final Field KIND =
        Field.text(
            "kind",
            1,
            40,
            "[a-z][a-z0-9_]{0,39}",
            "kind must be the id of a tax or a decree, such as toll or guards");
    public static final Field RATE =
        Field.whole("rate", 0, 1_000_000, "rate must be a whole number from 0 to 1,000,000");
    public static final Field NOTICE_HOURS =
        Field.whole(
            "noticeHours",
            0,
            24 * 60,
            "noticeHours must be a whole number of game hours from 0 to 1,440");
    public static final Field AMOUNT =
        Field.whole("amount", 1, 10_000, "amount must be a whole number from 1 to 10,000");
    public static final Field DECREE = Field.whole("decree", 1, Long.MAX_VALUE);
    public static final Field YES = Field.whole("yes", 0, 1, "yes must be 1 (for) or 0 (against)");

    private Inputs() {}
  }

  /** {@code {town, playerId?}}: a hall as anyone sees it, and as its player when signed in. */
  public record Hall(String town, long playerId) implements Body {
    public static Hall fromJson(JsonObject json) {
      return new Hall(
          TownRef.townOf(json), json.getValue("playerId") instanceof Number n ? n.longValue() : 0);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("town", town).put("playerId", playerId);
    }
  }

  public record Declare(long playerId, String town, String statement) implements Body {
    public static final Form FORM = Form.of().required(Inputs.STATEMENT).optional(RequestId.FIELD);

    public static Declare fromJson(JsonObject json) {
      return new Declare(
          sessionPlayer(json), TownRef.townOf(json), Inputs.STATEMENT.text(json).strip());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("town", town)
          .put("statement", statement);
    }
  }

  /** A ranked ballot: candidate ids, first choice first; none is a blank ballot. */
  public record Ballot(long playerId, String town, List<Long> ranking) implements Body {
    public static final Form FORM = Form.of().required(Inputs.RANKING).optional(RequestId.FIELD);

    public static Ballot fromJson(JsonObject json) {
      String text = Inputs.RANKING.text(json);
      List<Long> ranking = new ArrayList<>();
      if (!text.isEmpty()) {
        for (String id : text.split(",")) {
          Long c = Long.valueOf(id);
          if (ranking.contains(c)) {
            throw Refusal.badInput("ranking names candidate " + c + " twice");
          }
          ranking.add(c);
        }
      }
      return new Ballot(sessionPlayer(json), TownRef.townOf(json), List.copyOf(ranking));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("town", town)
          .put("ranking", String.join(",", ranking.stream().map(String::valueOf).toList()));
    }
  }

  public record SetRate(
      long playerId, String town, String kind, long rate, Long noticeHours, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.KIND)
            .required(Inputs.RATE)
            .optional(Inputs.NOTICE_HOURS)
            .optional(RequestId.FIELD);

    public static SetRate fromJson(JsonObject json) {
      String kind = Inputs.KIND.text(json);
      if (!Charters.TAXES.contains(kind)) {
        throw Refusal.badInput("kind must be one of " + Charters.TAXES);
      }
      return new SetRate(
          sessionPlayer(json),
          TownRef.townOf(json),
          kind,
          Inputs.RATE.whole(json),
          json.getValue("noticeHours") == null ? null : Inputs.NOTICE_HOURS.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("town", town)
          .put("kind", kind)
          .put("rate", rate)
          .put("noticeHours", noticeHours)
          .put("requestId", requestId);
    }
  }

  public record Decree(long playerId, String town, String kind, long amount, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.KIND).required(Inputs.AMOUNT).optional(RequestId.FIELD);

    public static Decree fromJson(JsonObject json) {
      return new Decree(
          sessionPlayer(json),
          TownRef.townOf(json),
          Inputs.KIND.text(json),
          Inputs.AMOUNT.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("town", town)
          .put("kind", kind)
          .put("amount", amount)
          .put("requestId", requestId);
    }
  }

  public record DecreeVote(long playerId, String town, long decree, boolean yes) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.DECREE).required(Inputs.YES).optional(RequestId.FIELD);

    public static DecreeVote fromJson(JsonObject json) {
      return new DecreeVote(
          sessionPlayer(json),
          TownRef.townOf(json),
          Inputs.DECREE.whole(json),
          Inputs.YES.whole(json) == 1);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("town", town)
          .put("decree", decree)
          .put("yes", yes ? 1 : 0);
    }
  }

  public record Recall(long playerId, String town) implements Body {
    public static final Form FORM = Form.of().optional(RequestId.FIELD);

    public static Recall fromJson(JsonObject json) {
      return new Recall(sessionPlayer(json), TownRef.townOf(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("town", town);
    }
  }

  /** One announced rate: {@code rate} of {@code kind} from game minute {@code from}. */
  public record RateChange(String kind, long rate, long from) {
    public JsonObject toJson() {
      return new JsonObject().put("kind", kind).put("rate", rate).put("from", from);
    }

    public static RateChange fromJson(JsonObject j) {
      return new RateChange(j.getString("kind"), j.getLong("rate"), j.getLong("from"));
    }
  }

  /** {@code {town, changes}}: every rate change a town has announced, oldest first. */
  public record Laws(String town, List<RateChange> changes) implements Body {
    public static Laws fromJson(JsonObject json) {
      List<RateChange> changes = new ArrayList<>();
      json.getJsonArray("changes", new JsonArray())
          .forEach(o -> changes.add(RateChange.fromJson((JsonObject) o)));
      return new Laws(TownRef.townOf(json), List.copyOf(changes));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("town", town)
          .put("changes", new JsonArray(changes.stream().map(RateChange::toJson).toList()));
    }
  }

  public record HallChanged(String town, String what) implements Body {
    public static HallChanged fromJson(JsonObject json) {
      return new HallChanged(json.getString("town"), json.getString("what"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("town", town).put("what", what);
    }
  }
}
