package io.wayfarer.server.simulation;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.estate.EstateAt;
import io.wayfarer.player.WhereaboutsAt;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Infrastructure;
import io.wayfarer.shared.ledger.Ledger;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of a stopped world as it stood at a game minute, rebuilt into a fresh data directory
 * from the latest checkpoint at or before that minute (the clock makes one for every midnight) and
 * the entries stamped after it, up to that minute, copied there in order; the copy then makes its
 * own checkpoint at that minute from both ({@link Ledger#checkpoint}, as the clock does), and that
 * is its holdings. With no checkpoint yet it starts from the world's empty beginning. Its digest is
 * that of the world at that minute, which {@code SimulationTest} checks against a run that stopped
 * there; the holdings of one holder answer "what did this player hold at noon yesterday".
 *
 * <p>Beyond the ledger it rebuilds each table of the world's state as it stood then ({@link
 * #STATE}: houses, keys, shelves, sales, orders, offers, impounds, the towns' politics), and tells
 * who governed each town; for a player, where its character stood, its experience and hit points
 * (from the game minutes of its activities, awards and wounds), the houses it owned with what they
 * stored, shelved and asked, its keys, its open dealings, and the quests it had under way at the
 * step each was at. What the player and estate verticles own is read through their own {@code
 * WhereaboutsAt} and {@code EstateAt}, the queries an admin's look back uses.
 */
public final class Replay {
  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  /** Entries copied per statement. */
  static final int BATCH = 5000;

  static final String ENTRIES =
      "SELECT id, at, from_holder, to_holder, asset, qty, reason, game_minute FROM ledger_entries"
          + " WHERE game_minute <= $1 AND game_minute > $3 AND id > $2 ORDER BY id LIMIT "
          + BATCH;

  static final String COPY =
      "INSERT INTO ledger_entries (id, at, from_holder, to_holder, asset, qty, reason, game_minute)"
          + " SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],"
          + " $6::bigint[], $7::text[], $8::bigint[])";

  static final String CHECKPOINT_HOLDINGS =
      "SELECT holder, asset, qty FROM ledger_checkpoint_holdings WHERE game_minute = $1";

  static final String COPY_CHECKPOINT = "INSERT INTO ledger_checkpoints (game_minute) VALUES ($1)";

  static final String COPY_CHECKPOINT_HOLDINGS =
      "INSERT INTO ledger_checkpoint_holdings (game_minute, holder, asset, qty)"
          + " SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])";

  /** The replayed minute's checkpoint, made in the copy, is its holdings. */
  static final String HOLDINGS_FROM_CHECKPOINT =
      "INSERT INTO holdings (holder, asset, qty)"
          + " SELECT holder, asset, qty FROM ledger_checkpoint_holdings WHERE game_minute = $1";

  static final String HOLDER =
      "SELECT asset, qty FROM holdings WHERE holder = $1 AND qty <> 0 ORDER BY asset COLLATE \"C\"";

  static final String UNSTAMPED = "SELECT count(*) FROM ledger_entries WHERE game_minute IS NULL";

  /**
   * A table of the world's state as it stood at a game minute: its rows begun by then, with what
   * ended after it (a status, a closing minute) put back as it was then. {@code rows} answers them
   * from the stopped world as one JSON array ($1 the minute), and they go into the copy's table of
   * the same name whole ({@code jsonb_populate_recordset}), so a column added to the table comes
   * along. Rows made before their table kept game minutes are left out.
   */
  record AsItStood(String table, String rows) {
    String copy() {
      return "INSERT INTO "
          + table
          + " SELECT * FROM jsonb_populate_recordset(NULL::"
          + table
          + ", $1)";
    }
  }

  static final List<AsItStood> STATE =
      List.of(
          // Who owned which house: each ownership begun by then, ended only if it ended by then.
          new AsItStood(
              "estate_ownership",
              "SELECT coalesce(jsonb_agg(to_jsonb(o) || jsonb_build_object("
                  + "'to_minute', CASE WHEN o.to_minute <= $1 THEN o.to_minute END,"
                  + " 'ended_by', CASE WHEN o.to_minute <= $1 THEN o.ended_by END)"
                  + " ORDER BY o.from_minute, o.plot_id), '[]') FROM estate_ownership o"
                  + " WHERE o.from_minute <= $1"),
          // Who held a key to which house, likewise.
          new AsItStood(
              "estate_key_log",
              "SELECT coalesce(jsonb_agg(to_jsonb(k) || jsonb_build_object("
                  + "'taken_minute', CASE WHEN k.taken_minute <= $1 THEN k.taken_minute END,"
                  + " 'ended_by', CASE WHEN k.taken_minute <= $1 THEN k.ended_by END)"
                  + " ORDER BY k.given_minute, k.plot_id, k.player_id), '[]') FROM estate_key_log k"
                  + " WHERE k.given_minute <= $1"),
          // What each shelf asked, as set by then.
          new AsItStood(
              "estate_shelf_prices",
              "SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.id), '[]') FROM estate_shelf_prices p"
                  + " WHERE p.from_minute <= $1"),
          // What was seized and held for its former owner: held then unless reclaimed or sold by
          // then.
          new AsItStood(
              "estate_impounds",
              "SELECT coalesce(jsonb_agg(to_jsonb(i) || jsonb_build_object("
                  + "'status', CASE WHEN i.closed_minute > $1 THEN 'held' ELSE i.status END,"
                  + " 'closed_minute', CASE WHEN i.closed_minute <= $1 THEN i.closed_minute END)"
                  + " ORDER BY i.id), '[]') FROM estate_impounds i WHERE i.seized_at <= $1"),
          // Houses offered for sale: open then unless closed by then.
          new AsItStood(
              "estate_sales",
              "SELECT coalesce(jsonb_agg(to_jsonb(s) || jsonb_build_object("
                  + "'status', CASE WHEN s.closed_minute > $1 THEN 'open' ELSE s.status END,"
                  + " 'closed_minute', CASE WHEN s.closed_minute <= $1 THEN s.closed_minute END)"
                  + " ORDER BY s.id), '[]') FROM estate_sales s WHERE s.offered_minute <= $1"),
          // Buy orders, filled as far as they were by then.
          new AsItStood(
              "estate_orders",
              "SELECT coalesce(jsonb_agg(to_jsonb(o) || jsonb_build_object("
                  + "'status', CASE WHEN o.closed_minute > $1 THEN 'open' ELSE o.status END,"
                  + " 'closed_minute', CASE WHEN o.closed_minute <= $1 THEN o.closed_minute END,"
                  + " 'filled', (SELECT coalesce(sum(f.qty), 0) FROM estate_order_fills f"
                  + " WHERE f.order_id = o.id AND f.game_minute <= $1))"
                  + " ORDER BY o.id), '[]') FROM estate_orders o WHERE o.posted_minute <= $1"),
          new AsItStood(
              "estate_order_fills",
              "SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.id), '[]') FROM estate_order_fills f"
                  + " JOIN estate_orders o ON o.id = f.order_id"
                  + " WHERE f.game_minute <= $1 AND o.posted_minute <= $1"),
          // Offers between players: open then unless they ended by then.
          new AsItStood(
              "trade_offers",
              "SELECT coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object("
                  + "'status', CASE WHEN t.closed_minute > $1 THEN 'open' ELSE t.status END,"
                  + " 'closed_at', CASE WHEN t.closed_minute > $1 THEN NULL ELSE t.closed_at END,"
                  + " 'closed_minute', CASE WHEN t.closed_minute <= $1 THEN t.closed_minute END)"
                  + " ORDER BY t.id), '[]') FROM trade_offers t WHERE t.created_minute <= $1"),
          // Elections opened by then, counted only if they closed by then (the count runs in the
          // hour they close); the candidates declared and the ballots cast by then.
          new AsItStood(
              "town_elections",
              "SELECT coalesce(jsonb_agg(to_jsonb(e) || jsonb_build_object("
                  + "'counted', e.counted AND e.closes_at <= $1,"
                  + " 'result', CASE WHEN e.counted AND e.closes_at <= $1 THEN e.result END)"
                  + " ORDER BY e.id), '[]') FROM town_elections e WHERE e.candidacy_from <= $1"),
          new AsItStood(
              "town_candidates",
              "SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.id), '[]') FROM town_candidates c"
                  + " JOIN town_elections e ON e.id = c.election_id"
                  + " WHERE c.declared_at <= $1 AND e.candidacy_from <= $1"),
          new AsItStood(
              "town_ballots",
              "SELECT coalesce(jsonb_agg(to_jsonb(b) ORDER BY b.election_id, b.player_id), '[]')"
                  + " FROM town_ballots b JOIN town_elections e ON e.id = b.election_id"
                  + " WHERE b.cast_at <= $1 AND e.candidacy_from <= $1"),
          // Decrees proposed by then: still voting if their vote closed after, with the votes
          // cast by then counted.
          new AsItStood(
              "town_decrees",
              "SELECT coalesce(jsonb_agg(to_jsonb(d) || CASE WHEN d.vote_closes > $1 THEN"
                  + " jsonb_build_object('status', 'voting',"
                  + " 'yes', (SELECT count(*) FROM town_decree_votes v WHERE v.decree_id = d.id"
                  + " AND v.yes AND v.cast_minute <= $1),"
                  + " 'no', (SELECT count(*) FROM town_decree_votes v WHERE v.decree_id = d.id"
                  + " AND NOT v.yes AND v.cast_minute <= $1)) ELSE '{}'::jsonb END"
                  + " ORDER BY d.id), '[]') FROM town_decrees d WHERE d.proposed_at <= $1"),
          new AsItStood(
              "town_decree_votes",
              "SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.decree_id, v.player_id), '[]')"
                  + " FROM town_decree_votes v JOIN town_decrees d ON d.id = v.decree_id"
                  + " WHERE v.cast_minute <= $1 AND d.proposed_at <= $1"),
          new AsItStood(
              "town_rates",
              "SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.id), '[]') FROM town_rates r"
                  + " WHERE r.announced_at <= $1"),
          new AsItStood(
              "town_recalls",
              "SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.town, r.term_from, r.player_id),"
                  + " '[]') FROM town_recalls r WHERE r.signed_at <= $1"));

  /**
   * In the copy: who governed each town at its minute, from the last election counted by then (its
   * winner, the council it chose), and the election open then with its candidates and ballots. A
   * town with no election counted yet has its steward ({@code mayor} null).
   */
  static final String TOWNS_THEN =
      "SELECT t.town, (SELECT jsonb_build_object('election', e.id,"
          + " 'mayor', (SELECT c.name FROM town_candidates c WHERE c.id = (e.result->>'winner')::bigint),"
          + " 'mayorId', (SELECT c.player_id FROM town_candidates c"
          + " WHERE c.id = (e.result->>'winner')::bigint),"
          + " 'council', coalesce(e.result->'council', '[]'::jsonb))"
          + " FROM town_elections e WHERE e.town = t.town AND e.counted ORDER BY e.id DESC LIMIT 1)::text"
          + " AS governed,"
          + " (SELECT jsonb_build_object('id', e.id, 'kind', e.kind,"
          + " 'phase', CASE WHEN $1 < e.voting_from THEN 'candidacy' WHEN $1 < e.closes_at THEN 'voting'"
          + " ELSE 'closed' END,"
          + " 'candidates', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', c.name,"
          + " 'playerId', c.player_id) ORDER BY c.declared_at, c.id), '[]') FROM town_candidates c"
          + " WHERE c.election_id = e.id),"
          + " 'ballots', (SELECT count(*) FROM town_ballots b WHERE b.election_id = e.id))"
          + " FROM town_elections e WHERE e.town = t.town AND NOT e.counted ORDER BY e.id DESC LIMIT 1)::text"
          + " AS election"
          + " FROM (SELECT DISTINCT town FROM town_elections) t ORDER BY t.town";

  /** In the copy: houses owned at its minute (all of them, or one player's). */
  static final String HOUSES_OWNED =
      "SELECT plot_id, town, owner_id, from_minute, came_by FROM estate_ownership"
          + " WHERE to_minute IS NULL ORDER BY from_minute, plot_id";

  /** In the copy: a player's open dealings at its minute, each as the JSON a report prints. */
  static final String OPEN_OFFERS =
      "SELECT jsonb_build_object('id', id, 'from', from_id, 'to', to_id, 'town', town,"
          + " 'gives', gives, 'wants', wants, 'since', created_minute, 'expires', expires_at)::text"
          + " FROM trade_offers WHERE status = 'open' AND (from_id = $1 OR to_id = $1) ORDER BY id";

  static final String IMPOUNDS_HELD =
      "SELECT jsonb_build_object('id', id, 'plot', plot_id, 'town', town, 'seized', seized_at,"
          + " 'until', until, 'fee', fee)::text"
          + " FROM estate_impounds WHERE status = 'held' AND owner_id = $1 ORDER BY id";

  static final String OPEN_SALES =
      "SELECT jsonb_build_object('id', id, 'plot', plot_id, 'seller', seller_id, 'buyer', buyer_id,"
          + " 'price', price, 'withStorage', with_storage, 'since', offered_minute)::text"
          + " FROM estate_sales WHERE status = 'open' AND (seller_id = $1 OR buyer_id = $1) ORDER BY id";

  static final String OPEN_ORDERS =
      "SELECT jsonb_build_object('id', id, 'town', town, 'good', good, 'unitPrice', unit_price,"
          + " 'qty', qty, 'filled', filled, 'since', posted_minute)::text"
          + " FROM estate_orders WHERE status = 'open' AND buyer_id = $1 ORDER BY id";

  /**
   * The quests a player had taken and not yet finished at the minute, each with the step it was at
   * then: the last whose start (V35's step_minutes) was by then; null for a quest that kept none.
   */
  static final String QUESTS_UNDER_WAY =
      "SELECT quest, CASE WHEN step_minutes IS NOT NULL THEN"
          + " (SELECT count(*) FROM unnest(step_minutes) m WHERE m <= $2)::int - 1 END AS step"
          + " FROM quest_progress WHERE player_id = $1 AND accepted_at <= $2"
          + " AND (finished_at IS NULL OR finished_at > $2) ORDER BY accepted_at, id";

  /**
   * What a replay gives: the digest at the minute, one holder's holdings and (a player) whereabouts
   * and experience, the checkpoint it started from (null: the beginning) and the entries replayed
   * after it.
   */
  public record Result(
      String digest,
      Map<String, Long> holder,
      WhereaboutsAt.Place whereabouts,
      WhereaboutsAt.Experience experience,
      WhereaboutsAt.HitPoints hitPoints,
      List<House> houses,
      List<Key> keys,
      Dealings open,
      List<Quest> questsUnderWay,
      Map<String, Town> towns,
      long housesOwned,
      Long checkpoint,
      long entries,
      Path dir) {}

  /**
   * A house a player owned at the minute, since when and how, what it stored and shelved, and what
   * its shelf asked a unit.
   */
  public record House(
      String plot,
      String town,
      long since,
      String cameBy,
      Map<String, Long> stored,
      Map<String, Long> shelf,
      Map<String, Long> prices) {}

  /**
   * A quest a player had under way at the minute and the step it was at (from 0; null: not kept).
   */
  public record Quest(String quest, Integer step) {
    public JsonObject toJson() {
      return new JsonObject().put("quest", quest).put("step", step);
    }

    @Override
    public String toString() {
      return step == null ? quest : quest + " (step " + (step + 1) + ")";
    }
  }

  /**
   * A town at the minute: who governed it (null: its steward, no election counted yet) from which
   * election, the council that election chose, and the election open then (null: none).
   */
  public record Town(
      String mayor, Long mayorId, Long electedIn, List<JsonObject> council, JsonObject election) {

    /** Whether a player held an office here then: "mayor", "council", or null. */
    public String officeOf(long player) {
      if (mayorId != null && mayorId == player) {
        return "mayor";
      }
      return council.stream().anyMatch(c -> c.getLong("playerId") == player) ? "council" : null;
    }
  }

  /** A key a player held at the minute to another's house, and since when. */
  public record Key(String plot, long since) {}

  /**
   * A player's dealings open at the minute: offers it made or was made, houses offered for sale to
   * it or by it, its buy orders (with what they had been filled by then), and what was seized from
   * it and held for it to reclaim.
   */
  public record Dealings(
      List<JsonObject> offers,
      List<JsonObject> sales,
      List<JsonObject> orders,
      List<JsonObject> impounds) {
    static final Dealings NONE = new Dealings(List.of(), List.of(), List.of(), List.of());
  }

  private Replay() {}

  /**
   * Rebuilds the ledger of the world in {@code source} (a data directory whose servers are stopped)
   * at {@code minute} into {@code target} (wiped first); blocking.
   */
  public static Result run(JsonObject base, Path source, long minute, Path target, String holder) {
    Simulation.wipe(target);
    Vertx vertx = Vertx.vertx();
    try (Infrastructure from = Infrastructure.start(embedded(base, source));
        Infrastructure into = Infrastructure.start(embedded(base, target))) {
      Pool in = Clients.pgPool(vertx, from.endpoints().applyTo(embedded(base, source)));
      Pool out = Clients.pgPool(vertx, into.endpoints().applyTo(embedded(base, target)));
      try {
        long unstamped = in.query(UNSTAMPED).execute().await().iterator().next().getLong(0);
        if (unstamped > 0) {
          LOG.warn(
              "{} ledger entries carry no game minute (made before it was kept): left out",
              unstamped);
        }
        Long checkpoint = Ledger.latestCheckpoint(in, minute).await();
        if (checkpoint != null) {
          copyCheckpoint(in, out, checkpoint);
        }
        long after = checkpoint == null ? Long.MIN_VALUE : checkpoint;
        long copied = 0;
        long last = 0;
        while (true) {
          List<Row> rows = new ArrayList<>();
          in.preparedQuery(ENTRIES)
              .execute(Tuple.of(minute, last, after))
              .await()
              .forEach(rows::add);
          if (rows.isEmpty()) {
            break;
          }
          out.preparedQuery(COPY).execute(columns(rows)).await();
          copied += rows.size();
          last = rows.get(rows.size() - 1).getLong("id");
        }
        // The copy's own checkpoint at the minute (from the copied one and the entries after it, as
        // the clock makes them) is what the holdings then were.
        Ledger.checkpoint(out, minute).await();
        out.preparedQuery(HOLDINGS_FROM_CHECKPOINT).execute(Tuple.of(minute)).await();
        String digest = WorldReport.digest(out);
        for (AsItStood table : STATE) {
          copy(in, out, table, minute);
        }
        Map<String, Town> towns = towns(out, minute);
        List<Row> owned = new ArrayList<>();
        out.query(HOUSES_OWNED).execute().await().forEach(owned::add);
        Map<String, Long> held = new LinkedHashMap<>();
        WhereaboutsAt.Place where = null;
        WhereaboutsAt.Experience xp = null;
        WhereaboutsAt.HitPoints hp = null;
        List<House> houses = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        Dealings open = Dealings.NONE;
        List<Quest> quests = new ArrayList<>();
        if (holder != null) {
          held.putAll(holdings(out, holder));
          long player = Ledger.playerOf(holder);
          if (player >= 0) {
            where = WhereaboutsAt.of(in, player, minute).await();
            xp = WhereaboutsAt.experience(in, player, minute).await();
            hp = WhereaboutsAt.hitPoints(in, player, minute).await();
            for (Row r : owned) {
              if (r.getLong("owner_id") == player) {
                String plot = r.getString("plot_id");
                houses.add(
                    new House(
                        plot,
                        r.getString("town"),
                        r.getLong("from_minute"),
                        r.getString("came_by"),
                        holdings(out, Ledger.house(plot)),
                        holdings(out, Ledger.shop(plot)),
                        EstateAt.shelfPrices(in, plot, minute).await()));
              }
            }
            for (EstateAt.Key k : EstateAt.keys(in, player, minute).await()) {
              keys.add(new Key(k.plot(), k.since()));
            }
            open =
                new Dealings(
                    documents(out, OPEN_OFFERS, player),
                    documents(out, OPEN_SALES, player),
                    documents(out, OPEN_ORDERS, player),
                    documents(out, IMPOUNDS_HELD, player));
            for (Row r :
                in.preparedQuery(QUESTS_UNDER_WAY).execute(Tuple.of(player, minute)).await()) {
              quests.add(new Quest(r.getString("quest"), r.getInteger("step")));
            }
          }
        }
        LOG.info(
            "Replayed {} ledger entries after {} up to game minute {}",
            copied,
            checkpoint == null ? "the beginning" : "the checkpoint at game minute " + checkpoint,
            minute);
        return new Result(
            digest,
            held,
            where,
            xp,
            hp,
            houses,
            keys,
            open,
            quests,
            towns,
            owned.size(),
            checkpoint,
            copied,
            target);
      } finally {
        in.close().await();
        out.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  private static Map<String, Long> holdings(Pool copy, String holder) {
    Map<String, Long> held = new LinkedHashMap<>();
    for (Row r : copy.preparedQuery(HOLDER).execute(Tuple.of(holder)).await()) {
      held.put(r.getString("asset"), r.getLong("qty"));
    }
    return held;
  }

  /** One table of the world's state rebuilt in the copy as it stood at the minute. */
  private static void copy(Pool in, Pool out, AsItStood table, long minute) {
    Object rows =
        in.preparedQuery(table.rows())
            .execute(Tuple.of(minute))
            .await()
            .iterator()
            .next()
            .getValue(0);
    out.preparedQuery(table.copy()).execute(Tuple.of(rows)).await();
  }

  private static Map<String, Town> towns(Pool copy, long minute) {
    Map<String, Town> towns = new LinkedHashMap<>();
    for (Row r : copy.preparedQuery(TOWNS_THEN).execute(Tuple.of(minute)).await()) {
      JsonObject governed =
          r.getString("governed") == null
              ? new JsonObject()
              : new JsonObject(r.getString("governed"));
      List<JsonObject> council = new ArrayList<>();
      governed.getJsonArray("council", new JsonArray()).forEach(c -> council.add((JsonObject) c));
      towns.put(
          r.getString("town"),
          new Town(
              governed.getString("mayor"),
              governed.getLong("mayorId"),
              governed.getLong("election"),
              council,
              r.getString("election") == null ? null : new JsonObject(r.getString("election"))));
    }
    return towns;
  }

  private static List<JsonObject> documents(Pool copy, String sql, long player) {
    List<JsonObject> all = new ArrayList<>();
    for (Row r : copy.preparedQuery(sql).execute(Tuple.of(player)).await()) {
      all.add(new JsonObject(r.getString(0)));
    }
    return all;
  }

  private static void copyCheckpoint(Pool in, Pool out, long checkpoint) {
    List<String> holders = new ArrayList<>();
    List<String> assets = new ArrayList<>();
    List<Long> qtys = new ArrayList<>();
    for (Row r : in.preparedQuery(CHECKPOINT_HOLDINGS).execute(Tuple.of(checkpoint)).await()) {
      holders.add(r.getString("holder"));
      assets.add(r.getString("asset"));
      qtys.add(r.getLong("qty"));
    }
    out.withTransaction(
            tx ->
                tx.preparedQuery(COPY_CHECKPOINT)
                    .execute(Tuple.of(checkpoint))
                    .compose(
                        v ->
                            tx.preparedQuery(COPY_CHECKPOINT_HOLDINGS)
                                .execute(
                                    Tuple.of(
                                        checkpoint,
                                        holders.toArray(new String[0]),
                                        assets.toArray(new String[0]),
                                        qtys.toArray(new Long[0])))))
        .await();
  }

  private static Tuple columns(List<Row> rows) {
    int n = rows.size();
    Long[] id = new Long[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] from = new String[n];
    String[] to = new String[n];
    String[] asset = new String[n];
    Long[] qty = new Long[n];
    String[] reason = new String[n];
    Long[] minute = new Long[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      id[i] = r.getLong("id");
      at[i] = r.getOffsetDateTime("at");
      from[i] = r.getString("from_holder");
      to[i] = r.getString("to_holder");
      asset[i] = r.getString("asset");
      qty[i] = r.getLong("qty");
      reason[i] = r.getString("reason");
      minute[i] = r.getLong("game_minute");
    }
    return Tuple.of(id, at, from, to, asset, qty, reason, minute);
  }

  /** Embedded servers in {@code dir}, patient with the long statements of a replay. */
  private static JsonObject embedded(JsonObject base, Path dir) {
    JsonObject c = base.copy();
    c.getJsonObject("data").put("dir", dir.toString()).put("pgPort", 0).put("redisPort", 0);
    c.getJsonObject("pg").put("uri", "").put("queryTimeoutMillis", 600_000);
    c.getJsonObject("redis").put("uri", "");
    return c;
  }
}
