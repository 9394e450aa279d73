package io.wayfarer.shared.ledger;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The only way gold and goods move (ARCHITECTURE.md rule 4). Each call runs inside the caller's
 * PostgreSQL transaction ({@code tx} is the transaction's connection), so a trade, a wage or a fee
 * commits or rolls back with the rest of what the caller did. It refuses zero, negative and
 * overflowing quantities, transfers to oneself, and any transfer that would leave a holder other
 * than {@link #WORLD} below zero.
 *
 * <p>A transaction locks every row it will touch at once ({@link #lock}), in (holder, asset) order,
 * so two transactions can never wait on each other in a circle. Against the locked rows it records
 * {@linkplain Locked#move moves}, each checked in memory against the balances the lock read, and
 * {@link #write} puts them all in the database with one statement: a trade holds its rows for one
 * round trip instead of one per row.
 */
public final class Ledger {
  /** The source of minted wages and the sink of fees; the only holder allowed below zero. */
  public static final String WORLD = "world";

  /** Money, in copper pieces (see {@link io.wayfarer.shared.Money}): 100 of it is a gold piece. */
  public static final String COIN = "coin";

  /**
   * No single transfer moves more than this: well inside bigint, so no sum of a few can overflow
   * unnoticed.
   */
  public static final long MAX_QTY = 1_000_000_000_000L;

  private static final Pattern HOLDER =
      Pattern.compile(
          "world|(player|market|town|shop|guild|escrow|house|credit|impound):[a-z0-9_-]{1,40}");
  private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** Every row a transaction will move value in, locked at once and in (holder, asset) order. */
  public static final String LOCK =
      "SELECT holder, asset, qty FROM holdings"
          + " WHERE (holder, asset) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY holder, asset FOR UPDATE";

  /**
   * All of a transaction's pending moves in one statement: the entries, the net change of each row
   * the lock found, and the rows that did not exist yet. Rows that existed are updated rather than
   * upserted, because an upsert's candidate row would trip the non-negative check before its
   * conflict is seen. A row created by someone else since the lock (two first credits at once) is
   * added to, which is right for a credit and for the world.
   */
  public static final String WRITE =
      "WITH entries AS ("
          + "INSERT INTO ledger_entries (from_holder, to_holder, asset, qty, reason)"
          + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) RETURNING 1),"
          + " changed AS (UPDATE holdings h SET qty = h.qty + d.delta"
          + " FROM unnest($6::text[], $7::text[], $8::bigint[]) AS d(holder, asset, delta)"
          + " WHERE h.holder = d.holder AND h.asset = d.asset RETURNING 1),"
          + " created AS (INSERT INTO holdings (holder, asset, qty) SELECT * FROM unnest($9::text[], $10::text[], $11::bigint[])"
          + " ON CONFLICT (holder, asset) DO UPDATE SET qty = holdings.qty + EXCLUDED.qty RETURNING 1)"
          + " SELECT (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM changed) AS changed,"
          + " (SELECT count(*) FROM created) AS created";

  static final String BALANCE = "SELECT qty FROM holdings WHERE holder = $1 AND asset = $2";
  static final String HOLDINGS =
      "SELECT asset, qty FROM holdings WHERE holder = $1 AND qty <> 0 ORDER BY asset";
  static final String IMBALANCES =
      "SELECT asset, sum(qty)::bigint AS total FROM holdings GROUP BY asset HAVING sum(qty) <> 0 ORDER BY asset";

  private Ledger() {}

  private static final String PLAYER = "player:";

  public static String player(long id) {
    return PLAYER + id;
  }

  /** The player a holder names ({@code player:<id>}), or -1 when it names no player. */
  public static long playerOf(String holder) {
    if (holder == null || !holder.startsWith(PLAYER)) {
      return -1;
    }
    try {
      return Long.parseLong(holder.substring(PLAYER.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static String market(String town) {
    return "market:" + town;
  }

  public static String town(String town) {
    return "town:" + town;
  }

  /** What a player offers another, held apart until the offer is accepted or ends. */
  public static String escrow(long offerId) {
    return "escrow:" + offerId;
  }

  /** What a house stores: its owner's and key holders' coin and goods. */
  public static String house(String plotId) {
    return "house:" + plotId;
  }

  /** What a house's shop has on its shelf: listed, so it can be neither sold twice nor taken. */
  public static String shop(String plotId) {
    return "shop:" + plotId;
  }

  /** Upkeep a house's owner paid ahead, spent before the house's own coin. */
  public static String credit(String plotId) {
    return "credit:" + plotId;
  }

  /** What a seized house held, kept by its town until reclaimed or sold. */
  public static String impound(String plotId) {
    return "impound:" + plotId;
  }

  /** One row of the ledger: what a holder has of an asset. */
  public record Key(String holder, String asset) {}

  /** The one order in which every transaction locks, changes and creates rows. */
  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::holder).thenComparing(Key::asset);

  /** A move recorded against locked rows and not yet written. */
  private record Move(String from, String to, String asset, long qty, String reason) {}

  /**
   * Rows a transaction has locked, with their balances as its moves change them, and the moves not
   * yet {@linkplain Ledger#write written}. Not thread-safe: it belongs to one transaction.
   */
  public static final class Locked {
    private final Map<Key, Long> balances = new HashMap<>();

    /** The balances as the database has them: what the lock read, plus what was written since. */
    private final Map<Key, Long> written = new HashMap<>();

    private final Set<Key> existing = new HashSet<>();
    private final List<Move> pending = new ArrayList<>();

    public long balance(String holder, String asset) {
      return balances.getOrDefault(new Key(holder, asset), 0L);
    }

    boolean covers(String holder, String asset) {
      return balances.containsKey(new Key(holder, asset));
    }

    /**
     * Records a move of {@code qty} of {@code asset} between two locked rows, checked against their
     * balances now; it reaches the database with the next {@link Ledger#write}. Throws {@link
     * LedgerException} for a move the ledger refuses (nothing is recorded then), and {@link
     * IllegalStateException} for rows that were not locked.
     */
    public Locked move(String from, String to, String asset, long qty, String reason) {
      check(from, to, asset, qty, reason);
      if (!covers(from, asset) || !covers(to, asset)) {
        throw new IllegalStateException(
            "transfer of "
                + asset
                + " from "
                + from
                + " to "
                + to
                + " between rows that were not locked");
      }
      long available = balance(from, asset);
      if (!from.equals(WORLD) && available < qty) {
        throw LedgerException.notEnough(
            "not enough " + asset + ": " + available + " held, " + qty + " needed");
      }
      long held = balance(to, asset);
      if (held > Long.MAX_VALUE - qty || (from.equals(WORLD) && available < Long.MIN_VALUE + qty)) {
        throw LedgerException.invalid(
            (held > Long.MAX_VALUE - qty ? to : from) + " cannot hold that much " + asset);
      }
      balances.put(new Key(from, asset), available - qty);
      balances.put(new Key(to, asset), held + qty);
      pending.add(new Move(from, to, asset, qty, reason));
      return this;
    }

    public boolean hasPending() {
      return !pending.isEmpty();
    }
  }

  /**
   * Locks every row in {@code keys} with one statement, always in (holder, asset) order, and
   * returns their balances. This is the lock order of every transaction that moves value: markets'
   * rows come before the world's and each holder's assets in name order, so two such transactions
   * can never wait on each other in a circle. A row that does not exist yet has balance 0 (a credit
   * creates it).
   */
  public static Future<Locked> lock(SqlClient tx, Collection<Key> keys) {
    List<Key> sorted = keys.stream().distinct().sorted(ORDER).toList();
    String[] holders = sorted.stream().map(Key::holder).toArray(String[]::new);
    String[] assets = sorted.stream().map(Key::asset).toArray(String[]::new);
    return tx.preparedQuery(LOCK)
        .execute(Tuple.tuple().addArrayOfString(holders).addArrayOfString(assets))
        .map(
            rows -> {
              Locked locked = new Locked();
              sorted.forEach(k -> locked.balances.put(k, 0L));
              for (Row r : rows) {
                Key k = new Key(r.getString("holder"), r.getString("asset"));
                locked.balances.put(k, r.getLong("qty"));
                locked.existing.add(k);
              }
              locked.written.putAll(locked.balances);
              return locked;
            });
  }

  /**
   * Writes the moves recorded on {@code locked} since the last write, all with one statement: an
   * entry each, and each row changed by its net amount. Nothing to write is no round trip.
   */
  public static Future<Void> write(SqlClient tx, Locked locked) {
    if (locked.pending.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Move> moves = List.copyOf(locked.pending);
    locked.pending.clear();
    int n = moves.size();
    String[] from = new String[n];
    String[] to = new String[n];
    String[] asset = new String[n];
    Long[] qty = new Long[n];
    String[] reason = new String[n];
    for (int i = 0; i < n; i++) {
      Move m = moves.get(i);
      from[i] = m.from();
      to[i] = m.to();
      asset[i] = m.asset();
      qty[i] = m.qty();
      reason[i] = m.reason();
    }
    // Rows in (holder, asset) order: a new row may be created by two transactions at once, and the
    // one that waits
    // for the other's insert must not hold a row the other will insert next.
    List<Key> update = new ArrayList<>();
    List<Long> updateBy = new ArrayList<>();
    List<Key> create = new ArrayList<>();
    List<Long> createWith = new ArrayList<>();
    for (Key k : locked.balances.keySet().stream().sorted(ORDER).toList()) {
      long delta = locked.balances.get(k) - locked.written.get(k);
      if (delta != 0) {
        boolean exists = locked.existing.contains(k);
        (exists ? update : create).add(k);
        (exists ? updateBy : createWith).add(delta);
      }
    }
    Tuple args =
        Tuple.tuple()
            .addArrayOfString(from)
            .addArrayOfString(to)
            .addArrayOfString(asset)
            .addArrayOfLong(qty)
            .addArrayOfString(reason)
            .addArrayOfString(update.stream().map(Key::holder).toArray(String[]::new))
            .addArrayOfString(update.stream().map(Key::asset).toArray(String[]::new))
            .addArrayOfLong(updateBy.toArray(Long[]::new))
            .addArrayOfString(create.stream().map(Key::holder).toArray(String[]::new))
            .addArrayOfString(create.stream().map(Key::asset).toArray(String[]::new))
            .addArrayOfLong(createWith.toArray(Long[]::new));
    return tx.preparedQuery(WRITE)
        .execute(args)
        .<Void>compose(
            rows -> {
              Row r = rows.iterator().next();
              if (r.getLong("entries") != n
                  || r.getLong("changed") != update.size()
                  || r.getLong("created") != create.size()) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "the ledger wrote "
                            + r.toJson()
                            + " for "
                            + n
                            + " moves, "
                            + update.size()
                            + " changed rows and "
                            + create.size()
                            + " new ones"));
              }
              locked.written.putAll(locked.balances);
              locked.existing.addAll(create);
              return Future.succeededFuture();
            })
        .recover(Ledger::translate);
  }

  /**
   * Moves {@code qty} of {@code asset} from one holder to another, recording why. Fails with {@link
   * LedgerException}.
   */
  public static Future<Void> transfer(
      SqlClient tx, String from, String to, String asset, long qty, String reason) {
    try {
      check(from, to, asset, qty, reason);
    } catch (LedgerException e) {
      return Future.failedFuture(e);
    }
    return lock(tx, List.of(new Key(from, asset), new Key(to, asset)))
        .compose(locked -> transfer(tx, locked, from, to, asset, qty, reason));
  }

  /**
   * One {@linkplain Locked#move move} against rows the caller locked with {@link #lock}, written at
   * once.
   */
  public static Future<Void> transfer(
      SqlClient tx, Locked locked, String from, String to, String asset, long qty, String reason) {
    try {
      locked.move(from, to, asset, qty, reason);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return write(tx, locked);
  }

  /**
   * The database's own guards (the non-negative check, bigint overflow) speak the ledger's language
   * too.
   */
  private static Future<Void> translate(Throwable err) {
    if (err instanceof PgException pg) {
      if ("23514".equals(pg.getSqlState())) {
        return Future.failedFuture(LedgerException.notEnough("not enough to transfer"));
      }
      if ("22003".equals(pg.getSqlState())) {
        return Future.failedFuture(LedgerException.invalid("quantity out of range"));
      }
    }
    return Future.failedFuture(err);
  }

  static void check(String from, String to, String asset, long qty, String reason) {
    if (from == null || !HOLDER.matcher(from).matches()) {
      throw LedgerException.invalid("no such holder: " + from);
    }
    if (to == null || !HOLDER.matcher(to).matches()) {
      throw LedgerException.invalid("no such holder: " + to);
    }
    if (from.equals(to)) {
      throw LedgerException.invalid("a holder cannot transfer to itself");
    }
    if (asset == null || !ASSET.matcher(asset).matches()) {
      throw LedgerException.invalid("no such asset: " + asset);
    }
    if (qty <= 0) {
      throw LedgerException.invalid("a transfer moves a positive quantity, not " + qty);
    }
    if (qty > MAX_QTY) {
      throw LedgerException.invalid("a transfer moves at most " + MAX_QTY + ", not " + qty);
    }
    if (reason == null || reason.isBlank() || reason.length() > 200) {
      throw LedgerException.invalid("a transfer needs a reason of 1 to 200 characters");
    }
  }

  public static Future<Long> balance(SqlClient client, String holder, String asset) {
    return client
        .preparedQuery(BALANCE)
        .execute(Tuple.of(holder, asset))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /** Everything a holder has, asset by asset (assets at zero left out). */
  public static Future<Map<String, Long>> holdings(SqlClient client, String holder) {
    return client
        .preparedQuery(HOLDINGS)
        .execute(Tuple.of(holder))
        .map(
            rows -> {
              Map<String, Long> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put(r.getString("asset"), r.getLong("qty")));
              return out;
            });
  }

  /**
   * Claims a checkpoint at a minute (none if it exists); answers the latest checkpoint before it,
   * or {@link Long#MIN_VALUE} when there is none.
   */
  static final String CHECKPOINT_CLAIM =
      "INSERT INTO ledger_checkpoints (game_minute) VALUES ($1) ON CONFLICT DO NOTHING"
          + " RETURNING COALESCE((SELECT max(game_minute) FROM ledger_checkpoints"
          + " WHERE game_minute < $1), -9223372036854775808) AS previous";

  /** A checkpoint's holdings: the previous checkpoint's and the entries after it, up to $1. */
  static final String CHECKPOINT_SUM =
      "INSERT INTO ledger_checkpoint_holdings (game_minute, holder, asset, qty)"
          + " SELECT $1, holder, asset, sum(qty) FROM ("
          + " SELECT holder, asset, qty FROM ledger_checkpoint_holdings WHERE game_minute = $2"
          + " UNION ALL SELECT to_holder, asset, qty FROM ledger_entries"
          + " WHERE game_minute > $2 AND game_minute <= $1"
          + " UNION ALL SELECT from_holder, asset, -qty FROM ledger_entries"
          + " WHERE game_minute > $2 AND game_minute <= $1) moves"
          + " GROUP BY holder, asset HAVING sum(qty) <> 0";

  /**
   * Checkpoints kept: every one of the last 30 game days, and before that one a game week (each is
   * whole, so a replay needs only the last before its minute; a busy world's daily rows would
   * otherwise pile up for ever).
   */
  static final String CHECKPOINTS_PRUNE_HOLDINGS =
      "DELETE FROM ledger_checkpoint_holdings WHERE game_minute < $1 - 30 * 1440"
          + " AND (game_minute / 1440) % 7 <> 0";

  static final String CHECKPOINTS_PRUNE =
      "DELETE FROM ledger_checkpoints WHERE game_minute < $1 - 30 * 1440"
          + " AND (game_minute / 1440) % 7 <> 0";

  /**
   * Makes the checkpoint of the ledger at a game minute, once (a second call does nothing): what
   * every holder held as the entries stamped up to it add up to, from the checkpoint before and the
   * entries since; older ones are thinned to one a week. Answers whether it was made now. The
   * caller waits until no entry of that minute or earlier can still be written (the clock makes
   * each midnight's an hour later).
   */
  public static Future<Boolean> checkpoint(Pool pool, long gameMinute) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(CHECKPOINT_CLAIM)
                .execute(Tuple.of(gameMinute))
                .compose(
                    claimed ->
                        claimed.size() == 0
                            ? Future.succeededFuture(false)
                            : tx.preparedQuery(CHECKPOINT_SUM)
                                .execute(
                                    Tuple.of(
                                        gameMinute, claimed.iterator().next().getLong("previous")))
                                .compose(
                                    v ->
                                        tx.preparedQuery(CHECKPOINTS_PRUNE_HOLDINGS)
                                            .execute(Tuple.of(gameMinute)))
                                .compose(
                                    v ->
                                        tx.preparedQuery(CHECKPOINTS_PRUNE)
                                            .execute(Tuple.of(gameMinute)))
                                .map(true)));
  }

  static final String CHECKPOINT_AT =
      "SELECT max(game_minute) FROM ledger_checkpoints WHERE game_minute <= $1";

  /** One holder's holdings at $2: its checkpoint at $3 and its entries after, up to $2. */
  static final String HOLDINGS_AT =
      "SELECT asset, sum(qty)::bigint AS qty FROM ("
          + " SELECT asset, qty FROM ledger_checkpoint_holdings WHERE game_minute = $3 AND holder = $1"
          + " UNION ALL SELECT asset, qty FROM ledger_entries"
          + " WHERE to_holder = $1 AND game_minute > $3 AND game_minute <= $2"
          + " UNION ALL SELECT asset, -qty FROM ledger_entries"
          + " WHERE from_holder = $1 AND game_minute > $3 AND game_minute <= $2) moves"
          + " GROUP BY asset HAVING sum(qty) <> 0 ORDER BY asset";

  /** The latest checkpoint at or before a game minute; null when there is none. */
  public static Future<Long> latestCheckpoint(SqlClient client, long gameMinute) {
    return client
        .preparedQuery(CHECKPOINT_AT)
        .execute(Tuple.of(gameMinute))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** What a holder held at a game minute, and the checkpoint it was read from (null: none). */
  public record HeldAt(Long checkpoint, Map<String, Long> holdings) {}

  /**
   * What a holder held at a game minute: the latest checkpoint at or before it and the entries
   * stamped after it, up to it (entries without a minute are left out). Reads only; a live world
   * answers it as well as a stopped one.
   */
  public static Future<HeldAt> holdingsAt(SqlClient client, String holder, long gameMinute) {
    return latestCheckpoint(client, gameMinute)
        .compose(
            checkpoint -> {
              return client
                  .preparedQuery(HOLDINGS_AT)
                  .execute(
                      Tuple.of(
                          holder, gameMinute, checkpoint == null ? Long.MIN_VALUE : checkpoint))
                  .map(
                      held -> {
                        Map<String, Long> out = new LinkedHashMap<>();
                        held.forEach(r -> out.put(r.getString("asset"), r.getLong("qty")));
                        return new HeldAt(checkpoint, out);
                      });
            });
  }

  /**
   * The conservation check: assets whose holdings do not sum to zero. Empty when the books balance.
   */
  public static Future<Map<String, Long>> imbalances(SqlClient client) {
    return client
        .query(IMBALANCES)
        .execute()
        .map(
            rows -> {
              Map<String, Long> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put(r.getString("asset"), r.getLong("total")));
              return out;
            });
  }
}
