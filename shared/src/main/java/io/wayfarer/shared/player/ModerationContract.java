package io.wayfarer.shared.player;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.ledger.Ledger;

/**
 * What admins do to players' accounts, owned by the player verticle: find them, see one whole
 * (account, sheet, holdings, sessions), kick (end every session, which closes their sockets), ban
 * and unban with a reason and an end, and grant or take gold and goods through the ledger, to and
 * from {@code world}. Admin only, never bridged; the gateway audits each change with its reason.
 */
public final class ModerationContract {
  public static final Command<Find, Document> FIND =
      Command.read(
          "admin.players.find",
          Find::fromJson,
          Document::fromJson,
          Find.FORM,
          "players whose username or character's name holds the text, with whether they are online or banned (admins only)");

  public static final Command<Account, Document> SHOW =
      Command.read(
          "admin.players.show",
          Account::fromJson,
          Document::fromJson,
          Account.FORM,
          "one account whole: its character sheet, holdings, sessions and ban (admins only)");

  public static final Command<AccountAt, Document> HELD_AT =
      Command.read(
          "admin.players.heldAt",
          AccountAt::fromJson,
          Document::fromJson,
          AccountAt.FORM,
          "what an account held at a game minute and where its character was, from the ledger's last checkpoint before it and its activities (admins only)");

  public static final Command<Kick, Document> KICK =
      Command.change(
          "admin.players.kick",
          Kick::fromJson,
          Document::fromJson,
          Kick.FORM,
          "ends every session of an account, which closes its sockets (admins only)");

  public static final Command<Ban, Document> BAN =
      Command.change(
          "admin.players.ban",
          Ban::fromJson,
          Document::fromJson,
          Ban.FORM,
          "bans an account for some hours with a reason, and ends its sessions (admins only; admins cannot be banned)");

  public static final Command<Kick, Document> UNBAN =
      Command.change(
          "admin.players.unban",
          Kick::fromJson,
          Document::fromJson,
          Kick.FORM,
          "lifts an account's ban (admins only)");

  public static final Command<Grant, Document> GRANT =
      Command.change(
          "admin.players.grant",
          Grant::fromJson,
          Document::fromJson,
          Grant.FORM,
          "gives (a positive amount) or takes (a negative one) coin in copper or a good, from or to the world, with a reason; the same requestId again does it once (admins only)");

  private ModerationContract() {}

  /** What an admin types, each declared once. */
  public static final class Inputs {
    public static final Field QUERY =
        Field.text("q", 1, 40, null, "q must have 1 to 40 characters of a username or a name");
    public static final Field ACCOUNT = Field.whole("account", 1, Long.MAX_VALUE);
    public static final Field REASON =
        Field.text("reason", 1, 200, null, "say why, in 1 to 200 characters");

    public static final Field MINUTE =
        Field.whole("minute", 0, Long.MAX_VALUE, "minute must be a game minute (0 or more)");

    /** Up to ten years. */
    public static final Field HOURS = Field.whole("hours", 1, 24L * 365 * 10);

    public static final Field ASSET =
        Field.text(
            "asset",
            1,
            40,
            PlayerContract.Inputs.ID,
            "asset must be coin or the id of a good, such as bread");
    public static final Field AMOUNT =
        Field.whole(
            "amount",
            -Ledger.MAX_QTY,
            Ledger.MAX_QTY,
            "amount must be a whole number, positive to give and negative to take (coin in copper)");

    private Inputs() {}
  }

  private static String admin(JsonObject json) {
    return json.getValue("by") instanceof String who ? who : "admin";
  }

  /** {@code {account, minute}}. */
  public record AccountAt(long account, long minute) implements Body {
    public static final Form FORM = Form.of().required(Inputs.ACCOUNT).required(Inputs.MINUTE);

    public static AccountAt fromJson(JsonObject json) {
      return new AccountAt(Inputs.ACCOUNT.whole(json), Inputs.MINUTE.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("account", account).put("minute", minute);
    }
  }

  /** {@code {q}}. */
  public record Find(String q) implements Body {
    public static final Form FORM = Form.of().required(Inputs.QUERY);

    public static Find fromJson(JsonObject json) {
      return new Find(Inputs.QUERY.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("q", q);
    }
  }

  /** {@code {account}}. */
  public record Account(long account) implements Body {
    public static final Form FORM = Form.of().required(Inputs.ACCOUNT);

    public static Account fromJson(JsonObject json) {
      return new Account(Inputs.ACCOUNT.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("account", account);
    }
  }

  /** {@code {account, reason, by}}: a kick, or an unban. */
  public record Kick(long account, String reason, String by) implements Body {
    public static final Form FORM = Form.of().required(Inputs.ACCOUNT).required(Inputs.REASON);

    public static Kick fromJson(JsonObject json) {
      return new Kick(Inputs.ACCOUNT.whole(json), Inputs.REASON.text(json), admin(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("account", account).put("reason", reason).put("by", by);
    }
  }

  /** {@code {account, hours, reason, by}}. */
  public record Ban(long account, long hours, String reason, String by) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.ACCOUNT).required(Inputs.HOURS).required(Inputs.REASON);

    public static Ban fromJson(JsonObject json) {
      return new Ban(
          Inputs.ACCOUNT.whole(json),
          Inputs.HOURS.whole(json),
          Inputs.REASON.text(json),
          admin(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("account", account)
          .put("hours", hours)
          .put("reason", reason)
          .put("by", by);
    }
  }

  /** {@code {account, asset, amount, reason, by, requestId}}; the amount is never 0. */
  public record Grant(
      long account, String asset, long amount, String reason, String by, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.ACCOUNT)
            .required(Inputs.ASSET)
            .required(Inputs.AMOUNT)
            .required(Inputs.REASON)
            .required(RequestId.FIELD);

    public static Grant fromJson(JsonObject json) {
      long amount = Inputs.AMOUNT.whole(json);
      if (amount == 0) {
        throw Refusal.badInput(Inputs.AMOUNT.rule());
      }
      return new Grant(
          Inputs.ACCOUNT.whole(json),
          Inputs.ASSET.text(json),
          amount,
          Inputs.REASON.text(json),
          admin(json),
          RequestId.required(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("account", account)
          .put("asset", asset)
          .put("amount", amount)
          .put("reason", reason)
          .put("by", by)
          .put("requestId", requestId);
    }
  }
}
