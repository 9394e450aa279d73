package io.wayfarer.shared.ledger;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The only way gold and goods move (DESIGN rule 4). Each call runs inside the caller's PostgreSQL transaction
 * ({@code tx} is the transaction's connection), so a trade, a wage or a fee commits or rolls back with the rest
 * of what the caller did. It refuses zero, negative and overflowing quantities, transfers to oneself, and any
 * transfer that would leave a holder other than {@link #WORLD} below zero.
 *
 * <p>Both rows are locked in (holder, asset) order before either is changed, so two transfers between the
 * same holders in opposite directions cannot deadlock.
 */
public final class Ledger {
  /** The source of minted wages and the sink of fees; the only holder allowed below zero. */
  public static final String WORLD = "world";
  public static final String GOLD = "gold";
  /** No single transfer moves more than this: well inside bigint, so no sum of a few can overflow unnoticed. */
  public static final long MAX_QTY = 1_000_000_000_000L;

  private static final Pattern HOLDER = Pattern.compile("world|(player|market|town|shop|guild):[a-z0-9_-]{1,40}");
  private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** Every row a transaction will move value in, locked at once and in (holder, asset) order. */
  static final String LOCK = "SELECT holder, asset, qty FROM holdings"
      + " WHERE (holder, asset) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY holder, asset FOR UPDATE";
  /** A debit updates the row the lock found (an upsert's candidate row would trip the non-negative check first). */
  static final String DEBIT = "UPDATE holdings SET qty = qty - $3 WHERE holder = $1 AND asset = $2";
  static final String UPSERT = "INSERT INTO holdings (holder, asset, qty) VALUES ($1, $2, $3)"
      + " ON CONFLICT (holder, asset) DO UPDATE SET qty = holdings.qty + EXCLUDED.qty";
  static final String ENTRY = "INSERT INTO ledger_entries (from_holder, to_holder, asset, qty, reason) VALUES ($1, $2, $3, $4, $5)";
  static final String BALANCE = "SELECT qty FROM holdings WHERE holder = $1 AND asset = $2";
  static final String HOLDINGS = "SELECT asset, qty FROM holdings WHERE holder = $1 AND qty <> 0 ORDER BY asset";
  static final String IMBALANCES = "SELECT asset, sum(qty)::bigint AS total FROM holdings GROUP BY asset HAVING sum(qty) <> 0 ORDER BY asset";

  private Ledger() {}

  public static String player(long id) {
    return "player:" + id;
  }

  public static String market(String town) {
    return "market:" + town;
  }

  public static String town(String town) {
    return "town:" + town;
  }

  /** One row of the ledger: what a holder has of an asset. */
  public record Key(String holder, String asset) {}

  /**
   * Rows a transaction has locked, with their balances as its transfers move them. Transfers against it check and
   * update these balances instead of locking and reading the rows again.
   */
  public static final class Locked {
    private final Map<Key, Long> balances = new java.util.HashMap<>();

    public long balance(String holder, String asset) {
      return balances.getOrDefault(new Key(holder, asset), 0L);
    }

    boolean covers(String holder, String asset) {
      return balances.containsKey(new Key(holder, asset));
    }
  }

  /**
   * Locks every row in {@code keys} with one statement, always in (holder, asset) order, and returns their
   * balances. This is the lock order of every transaction that moves value: markets' rows come before the world's
   * and each holder's assets in name order, so two such transactions can never wait on each other in a circle.
   * A row that does not exist yet has balance 0 (a credit creates it).
   */
  public static Future<Locked> lock(SqlClient tx, java.util.Collection<Key> keys) {
    java.util.List<Key> sorted = keys.stream().distinct()
        .sorted(java.util.Comparator.comparing(Key::holder).thenComparing(Key::asset)).toList();
    String[] holders = sorted.stream().map(Key::holder).toArray(String[]::new);
    String[] assets = sorted.stream().map(Key::asset).toArray(String[]::new);
    return tx.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfString(holders).addArrayOfString(assets)).map(rows -> {
      Locked locked = new Locked();
      sorted.forEach(k -> locked.balances.put(k, 0L));
      for (Row r : rows) {
        locked.balances.put(new Key(r.getString("holder"), r.getString("asset")), r.getLong("qty"));
      }
      return locked;
    });
  }

  /** Moves {@code qty} of {@code asset} from one holder to another, recording why. Fails with {@link LedgerException}. */
  public static Future<Void> transfer(SqlClient tx, String from, String to, String asset, long qty, String reason) {
    try {
      check(from, to, asset, qty, reason);
    } catch (LedgerException e) {
      return Future.failedFuture(e);
    }
    return lock(tx, java.util.List.of(new Key(from, asset), new Key(to, asset)))
        .compose(locked -> transfer(tx, locked, from, to, asset, qty, reason));
  }

  /**
   * As {@link #transfer(SqlClient, String, String, String, long, String)}, between rows the caller already locked with
   * {@link #lock}: checks and updates the locked balances, then writes the debit, the credit and the entry.
   */
  public static Future<Void> transfer(SqlClient tx, Locked locked, String from, String to, String asset, long qty, String reason) {
    try {
      check(from, to, asset, qty, reason);
    } catch (LedgerException e) {
      return Future.failedFuture(e);
    }
    if (!locked.covers(from, asset) || !locked.covers(to, asset)) {
      return Future.failedFuture(new IllegalStateException("transfer of " + asset + " from " + from + " to " + to
          + " between rows that were not locked"));
    }
    long available = locked.balance(from, asset);
    if (!from.equals(WORLD) && available < qty) {
      return Future.failedFuture(LedgerException.notEnough("not enough " + asset + ": " + available + " held, " + qty + " needed"));
    }
    if (locked.balance(to, asset) > Long.MAX_VALUE - qty) {
      return Future.failedFuture(LedgerException.invalid(to + " cannot hold that much " + asset));
    }
    locked.balances.put(new Key(from, asset), available - qty);
    locked.balances.put(new Key(to, asset), locked.balance(to, asset) + qty);
    Future<?> debit = from.equals(WORLD)
        ? tx.preparedQuery(UPSERT).execute(Tuple.of(from, asset, -qty))
        : tx.preparedQuery(DEBIT).execute(Tuple.of(from, asset, qty));
    return debit
        .compose(v -> tx.preparedQuery(UPSERT).execute(Tuple.of(to, asset, qty)))
        .compose(v -> tx.preparedQuery(ENTRY).execute(Tuple.of(from, to, asset, qty, reason)))
        .<Void>mapEmpty()
        .recover(Ledger::translate);
  }

  /** The database's own guards (the non-negative check, bigint overflow) speak the ledger's language too. */
  private static Future<Void> translate(Throwable err) {
    if (err instanceof io.vertx.pgclient.PgException pg) {
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
    return client.preparedQuery(BALANCE).execute(Tuple.of(holder, asset))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /** Everything a holder has, asset by asset (assets at zero left out). */
  public static Future<Map<String, Long>> holdings(SqlClient client, String holder) {
    return client.preparedQuery(HOLDINGS).execute(Tuple.of(holder)).map(rows -> {
      Map<String, Long> out = new LinkedHashMap<>();
      rows.forEach(r -> out.put(r.getString("asset"), r.getLong("qty")));
      return out;
    });
  }

  /** The conservation check: assets whose holdings do not sum to zero. Empty when the books balance. */
  public static Future<Map<String, Long>> imbalances(SqlClient client) {
    return client.query(IMBALANCES).execute().map(rows -> {
      Map<String, Long> out = new LinkedHashMap<>();
      rows.forEach(r -> out.put(r.getString("asset"), r.getLong("total")));
      return out;
    });
  }
}
