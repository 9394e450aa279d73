package io.wayfarer.shared.quests;

import static io.wayfarer.shared.player.PlayerContract.sessionPlayer;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;

/**
 * Quests, served by the world scripts' verticle, which keeps every player's progress in its tables:
 * what a player is offered where they stand, takes, hands in and gives up. Steps that a journey or
 * a shift finishes advance by themselves when the player verticle says the deed is done ({@code
 * player.deeds}); progress and rewards reach the player as notices.
 */
public final class QuestsContract {
  /**
   * {@code {town, season, offered: [quest], active: [quest + {step, worked, acceptedAt, dueAt}],
   * finished: [{quest, name, state, at, note}]}}.
   */
  public static final Command<Mine, Document> MINE =
      Command.read(
          "quests.mine",
          Mine::fromJson,
          Document::fromJson,
          Form.of(),
          "the quests offered where you stand, the ones you have taken and their progress, and the ones you finished");

  /** Takes a quest offered where the player stands; replies as {@link #MINE}. */
  public static final Command<Take, Document> ACCEPT =
      Command.change(
          "quests.accept",
          Take::fromJson,
          Document::fromJson,
          Take.FORM,
          "takes a quest offered in the town where you stand");

  /**
   * Hands over the goods a quest's current step asks for, in its town: they go from the player's
   * pack to the quest's giver (to {@code world} in the ledger); replies as {@link #MINE}.
   */
  public static final Command<Take, Document> HAND_IN =
      Command.change(
          "quests.handIn",
          Take::fromJson,
          Document::fromJson,
          Take.FORM,
          "hands over the goods your quest's step asks for, in its town");

  /** Gives a quest up (it may be taken again later); replies as {@link #MINE}. */
  public static final Command<Take, Document> ABANDON =
      Command.change(
          "quests.abandon",
          Take::fromJson,
          Document::fromJson,
          Take.FORM,
          "gives up a quest you have taken");

  private QuestsContract() {}

  public static final class Inputs {
    public static final Field QUEST =
        Field.text(
            "quest",
            1,
            40,
            "[a-z][a-z0-9_]{0,39}",
            "quest must be the id of a quest, such as grain_for_the_festival");

    private Inputs() {}
  }

  /** {@code {playerId}}. */
  public record Mine(long playerId) implements Body {
    public static Mine fromJson(JsonObject json) {
      return new Mine(sessionPlayer(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId);
    }
  }

  /** {@code {playerId, quest, requestId?}}. */
  public record Take(long playerId, String quest, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.QUEST).optional(RequestId.FIELD);

    public static Take fromJson(JsonObject json) {
      return new Take(sessionPlayer(json), Inputs.QUEST.text(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("quest", quest)
          .put("requestId", requestId);
    }
  }
}
