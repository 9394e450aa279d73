-- Who held a key to each house when, in game minutes: a row per key from the minute it was given to the minute it
-- stopped (taken back by the owner, or ended with the house sold or seized); taken_minute is null while it is held.
-- estate_keys says who holds one now; this says who did at any minute, for an admin's look back and a replay.
CREATE TABLE estate_key_log (
  plot_id      text   NOT NULL,
  player_id    bigint NOT NULL,
  given_minute bigint NOT NULL,
  taken_minute bigint,
  ended_by     text   CHECK (ended_by IN ('taken_back', 'sold', 'seized')),
  CHECK ((taken_minute IS NULL) = (ended_by IS NULL))
);
CREATE UNIQUE INDEX estate_key_log_held ON estate_key_log (plot_id, player_id) WHERE taken_minute IS NULL;
CREATE INDEX estate_key_log_player ON estate_key_log (player_id, given_minute);

-- Keys held before this table: from the minute they were given (V31), else from the house's purchase.
INSERT INTO estate_key_log (plot_id, player_id, given_minute)
  SELECT k.plot_id, k.player_id, COALESCE(k.given_minute, t.bought_at)
  FROM estate_keys k JOIN estate_titles t USING (plot_id);

-- Each shelf price a shop set, from the game minute it was set; a null price is the good taken off the shelf (or the
-- shop closed with its house sold or seized). estate_listings says what a shelf asks now; this says what it asked at
-- any minute.
CREATE TABLE estate_shelf_prices (
  id          bigserial PRIMARY KEY,
  plot_id     text   NOT NULL,
  good        text   NOT NULL,
  unit_price  bigint CHECK (unit_price > 0),
  from_minute bigint NOT NULL
);
CREATE INDEX estate_shelf_prices_plot ON estate_shelf_prices (plot_id, good, from_minute, id);

-- Shelves before this table: at their price since it last changed.
INSERT INTO estate_shelf_prices (plot_id, good, unit_price, from_minute)
  SELECT plot_id, good, unit_price, price_changed_at FROM estate_listings ORDER BY plot_id, good;

COMMENT ON TABLE estate_key_log IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_shelf_prices IS 'Owned by the estate verticle.';
