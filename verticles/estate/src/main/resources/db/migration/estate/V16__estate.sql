-- Houses. A plot is free while it has no title; its house's storage is the ledger holder house:<plot_id>.
CREATE TABLE estate_titles (
  plot_id    text PRIMARY KEY,
  town       text NOT NULL,
  owner_id   bigint NOT NULL,
  price      bigint NOT NULL CHECK (price > 0),
  bought_at  bigint NOT NULL,            -- the game minute of the purchase
  request_id text,
  -- Upkeep: the last game week charged (the week of purchase is free), what is owed, for how many weeks in a
  -- row, and the rung of the ladder (good, notice, grace, lien).
  charged_week bigint NOT NULL,
  arrears      bigint NOT NULL DEFAULT 0 CHECK (arrears >= 0),
  weeks_unpaid int    NOT NULL DEFAULT 0,
  status       text   NOT NULL DEFAULT 'good',
  UNIQUE (owner_id, request_id)
);
CREATE INDEX estate_titles_owner ON estate_titles (owner_id);

-- Keys an owner gave: each use checks for its row, so taking one back works at once.
CREATE TABLE estate_keys (
  plot_id   text NOT NULL REFERENCES estate_titles (plot_id) ON DELETE CASCADE,
  player_id bigint NOT NULL,
  given_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plot_id, player_id)
);
CREATE INDEX estate_keys_player ON estate_keys (player_id);

-- What went in and out of each house and who moved it (qty > 0 in, < 0 out); a request id moves once.
CREATE TABLE estate_moves (
  id         bigserial PRIMARY KEY,
  plot_id    text NOT NULL,
  player_id  bigint NOT NULL,
  asset      text NOT NULL,
  qty        bigint NOT NULL CHECK (qty <> 0),
  at         timestamptz NOT NULL DEFAULT now(),
  request_id text,
  UNIQUE (player_id, request_id)
);
CREATE INDEX estate_moves_plot ON estate_moves (plot_id, id);

-- One row per house and game week charged: the key that keeps a week from being charged twice, across restarts,
-- redeploys and a clock catching up its downtime.
CREATE TABLE estate_upkeep (
  plot_id      text   NOT NULL,
  week         bigint NOT NULL,
  owner_id     bigint NOT NULL,
  due          bigint NOT NULL,
  paid         bigint NOT NULL,
  owed_after   bigint NOT NULL,
  status_after text   NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plot_id, week)
);

-- What a seized house held (the ledger holder impound:<id>): its former owner may reclaim it for the fee until
-- the game minute `until`; after that it is sold into the town's market.
CREATE TABLE estate_impounds (
  id        bigserial PRIMARY KEY,
  plot_id   text   NOT NULL,
  town      text   NOT NULL,
  owner_id  bigint NOT NULL,
  seized_at bigint NOT NULL,
  until     bigint NOT NULL,
  fee       bigint NOT NULL CHECK (fee >= 0),
  status    text   NOT NULL DEFAULT 'held'
);
CREATE INDEX estate_impounds_held ON estate_impounds (until) WHERE status = 'held';

-- Notices written in the transaction that caused them, delivered to the player verticle after it commits (and
-- again after a restart if delivery failed).
CREATE TABLE estate_outbox (
  id           bigserial PRIMARY KEY,
  player_id    bigint NOT NULL,
  game_minutes bigint NOT NULL,
  text         text   NOT NULL,
  data         jsonb  NOT NULL
);

COMMENT ON TABLE estate_upkeep IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_impounds IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_outbox IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_titles IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_keys IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_moves IS 'Owned by the estate verticle.';

-- A house offered by its owner to a named player, at a price (0: a gift), with its storage or without. Accepted,
-- the price and the title change hands in one transaction; at most one open sale per house.
CREATE TABLE estate_sales (
  id           bigserial PRIMARY KEY,
  plot_id      text    NOT NULL,
  seller_id    bigint  NOT NULL,
  buyer_id     bigint  NOT NULL,
  price        bigint  NOT NULL CHECK (price >= 0),
  with_storage boolean NOT NULL,
  status       text    NOT NULL DEFAULT 'open',
  request_id   text,
  UNIQUE (seller_id, request_id)
);
CREATE UNIQUE INDEX estate_sales_one_open ON estate_sales (plot_id) WHERE status = 'open';
COMMENT ON TABLE estate_sales IS 'Owned by the estate verticle.';

-- A house's shop: goods moved from its storage to the ledger holder shop:<plot_id>, each at a unit price that a
-- buyer pays (the town's sales tax taken out of it). A price changed less than a game hour ago cannot be bought at.
CREATE TABLE estate_listings (
  plot_id          text   NOT NULL,
  good             text   NOT NULL,
  unit_price       bigint NOT NULL CHECK (unit_price > 0),
  price_changed_at bigint NOT NULL,        -- the game minute
  PRIMARY KEY (plot_id, good)
);

-- Every sale a shop made; a buyer's request id buys once.
CREATE TABLE estate_shop_sales (
  id         bigserial PRIMARY KEY,
  plot_id    text   NOT NULL,
  owner_id   bigint NOT NULL,
  buyer_id   bigint NOT NULL,
  good       text   NOT NULL,
  qty        bigint NOT NULL CHECK (qty > 0),
  unit_price bigint NOT NULL,
  total      bigint NOT NULL,
  tax        bigint NOT NULL,
  at         bigint NOT NULL,              -- the game minute
  request_id text,
  UNIQUE (buyer_id, request_id)
);
COMMENT ON TABLE estate_listings IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_shop_sales IS 'Owned by the estate verticle.';

-- Buy orders ("wanted"): a player wants qty of a good in a town at a unit price, the coin for all of it held in
-- escrow:order-<id> from the start; sellers in the town fill it, fully or partly; cancelling returns the rest.
CREATE TABLE estate_orders (
  id         bigserial PRIMARY KEY,
  town       text   NOT NULL,
  buyer_id   bigint NOT NULL,
  good       text   NOT NULL,
  unit_price bigint NOT NULL CHECK (unit_price > 0),
  qty        bigint NOT NULL CHECK (qty > 0),
  filled     bigint NOT NULL DEFAULT 0 CHECK (filled >= 0 AND filled <= qty),
  status     text   NOT NULL DEFAULT 'open',
  request_id text,
  UNIQUE (buyer_id, request_id)
);
CREATE INDEX estate_orders_open ON estate_orders (town, good, unit_price DESC) WHERE status = 'open';

CREATE TABLE estate_order_fills (
  id         bigserial PRIMARY KEY,
  order_id   bigint NOT NULL REFERENCES estate_orders (id),
  seller_id  bigint NOT NULL,
  qty        bigint NOT NULL CHECK (qty > 0),
  total      bigint NOT NULL,
  tax        bigint NOT NULL,
  request_id text,
  UNIQUE (seller_id, request_id)
);
COMMENT ON TABLE estate_orders IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_order_fills IS 'Owned by the estate verticle.';
