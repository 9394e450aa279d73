package io.wayfarer.shared.estate;

import static io.wayfarer.shared.player.PlayerContract.sessionPlayer;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.player.PlayerContract;

/**
 * Houses: plots bought in a town, their storage (the ledger holder {@code house:<plot>}) and the
 * keys their owners give. Owned by the estate verticle (ARCHITECTURE.md: the contracts).
 */
public final class EstateContract {
  private EstateContract() {}

  /** The town's plots: free ones with their price, and who owns the rest. */
  public static final Command<TownRef, Document> PLOTS =
      Command.read(
          "estate.plots",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "the town's plots: size, storage, price, upkeep per game week, and whose each is");

  /** Buys a free plot in the town where the buyer's character stands. */
  public static final Command<BuyPlot, Document> BUY =
      Command.change(
          "estate.buy",
          BuyPlot::fromJson,
          Document::fromJson,
          BuyPlot.FORM,
          "buys a free plot in the town where your character stands; the price goes to the town");

  /** The houses a player owns and those they hold a key to, with what each stores. */
  public static final Command<Mine, Document> HOUSES =
      Command.read(
          "estate.houses",
          Mine::fromJson,
          Document::fromJson,
          null,
          "your houses and those you hold a key to: what each stores, and who holds keys to yours");

  /** Puts gold or goods into a house's storage. */
  public static final Command<Move, Document> STORE =
      Command.change(
          "estate.store",
          Move::fromJson,
          Document::fromJson,
          Move.FORM,
          "puts coin or goods you carry into a house you own or hold a key to, standing in its town");

  /** Takes gold or goods out of a house's storage. */
  public static final Command<Move, Document> TAKE =
      Command.change(
          "estate.take",
          Move::fromJson,
          Document::fromJson,
          Move.FORM,
          "takes coin or goods out of a house you own or hold a key to, standing in its town");

  /** Gives a player a key to one's house. */
  public static final Command<KeyStep, Document> GIVE_KEY =
      Command.change(
          "estate.keys.give",
          KeyStep::fromJson,
          Document::fromJson,
          KeyStep.FORM,
          "gives a character's player a key to your house: they may store and take");

  /** Takes a key back: it stops opening the house at once. */
  public static final Command<KeyStep, Document> TAKE_KEY =
      Command.change(
          "estate.keys.take",
          KeyStep::fromJson,
          Document::fromJson,
          KeyStep.FORM,
          "takes back a key to your house; it stops working at once");

  /** Pays upkeep ahead: coin from the purse to the house's credit, spent before anything else. */
  public static final Command<Prepay, Document> PREPAY =
      Command.change(
          "estate.prepay",
          Prepay::fromJson,
          Document::fromJson,
          Prepay.FORM,
          "pays upkeep ahead for a house you own: the credit is spent first, week by week");

  /** Takes back what a seized house held, for the fee, within the time the ladder gives. */
  public static final Command<Reclaim, Document> RECLAIM =
      Command.change(
          "estate.reclaim",
          Reclaim::fromJson,
          Document::fromJson,
          Reclaim.FORM,
          "takes back what was seized from your house, paying the town's fee, standing in its town");

  /** What players type, each declared once. */
  public static final class Inputs {
    public static final Field PLOT =
        Field.text(
            "plot", 1, 40, PlayerContract.Inputs.ID, "plot must be the id of a plot in the town");
    public static final Field ASSET =
        Field.text(
            "asset",
            1,
            40,
            PlayerContract.Inputs.ID,
            "asset must be coin or the id of a good or an item, such as bread");
    public static final Field QTY =
        Field.whole("qty", 1, 1_000_000_000L, "qty must be a whole number from 1 to 1,000,000,000");
    public static final Field NAME = PlayerContract.Inputs.CHARACTER_NAME;
    public static final Field IMPOUND = Field.whole("impound", 1, Long.MAX_VALUE);

    private Inputs() {}
  }

  public record BuyPlot(long playerId, String plot, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.PLOT).optional(RequestId.FIELD);

    public static BuyPlot fromJson(JsonObject json) {
      return new BuyPlot(sessionPlayer(json), Inputs.PLOT.text(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("requestId", requestId);
    }
  }

  public record Mine(long playerId) implements Body {
    public static Mine fromJson(JsonObject json) {
      return new Mine(sessionPlayer(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId);
    }
  }

  /** Coin (in copper) or a good, in or out of a house. */
  public record Move(long playerId, String plot, String asset, long qty, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.PLOT)
            .required(Inputs.ASSET)
            .required(Inputs.QTY)
            .optional(RequestId.FIELD);

    public static Move fromJson(JsonObject json) {
      return new Move(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.ASSET.text(json),
          Inputs.QTY.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("asset", asset)
          .put("qty", qty)
          .put("requestId", requestId);
    }
  }

  /** A key given or taken back: the house and the character whose player holds it. */
  public record KeyStep(long playerId, String plot, String name) implements Body {
    public static final Form FORM = Form.of().required(Inputs.PLOT).required(Inputs.NAME);

    public static KeyStep fromJson(JsonObject json) {
      return new KeyStep(sessionPlayer(json), Inputs.PLOT.text(json), Inputs.NAME.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("plot", plot).put("name", name);
    }
  }

  public record Prepay(long playerId, String plot, long qty, String requestId) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.PLOT).required(Inputs.QTY).optional(RequestId.FIELD);

    public static Prepay fromJson(JsonObject json) {
      return new Prepay(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.QTY.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("qty", qty)
          .put("requestId", requestId);
    }
  }

  public record Reclaim(long playerId, long impound) implements Body {
    public static final Form FORM = Form.of().required(Inputs.IMPOUND).optional(RequestId.FIELD);

    public static Reclaim fromJson(JsonObject json) {
      return new Reclaim(sessionPlayer(json), Inputs.IMPOUND.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("impound", impound);
    }
  }
}
