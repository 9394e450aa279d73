-- Owned by MarketVerticle. A market's stock and gold are its holdings in the ledger ('market:<town>').

-- Every trade, with the player's request id: the same id again returns this row and moves nothing.
CREATE TABLE market_trades (
  id           bigserial   PRIMARY KEY,
  player_id    bigint      NOT NULL,
  request_id   text        NOT NULL,
  side         text        NOT NULL CHECK (side IN ('buy', 'sell')),
  town         text        NOT NULL,
  good         text        NOT NULL,
  qty          bigint      NOT NULL CHECK (qty > 0),
  player_gold  bigint      NOT NULL CHECK (player_gold >= 0),
  market_gold  bigint      NOT NULL CHECK (market_gold >= 0),
  tax_gold     bigint      NOT NULL CHECK (tax_gold >= 0),
  stock_after  bigint      NOT NULL,
  game_minutes bigint      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (player_id, request_id)
);
CREATE INDEX market_trades_by_player ON market_trades (player_id, id DESC);

-- One sample per town, good and game hour.
CREATE TABLE price_history (
  town      text          NOT NULL,
  good      text          NOT NULL,
  game_hour bigint        NOT NULL,
  buy       numeric(12,3) NOT NULL,
  sell      numeric(12,3) NOT NULL,
  stock     bigint        NOT NULL,
  PRIMARY KEY (town, good, game_hour)
);

-- Which town's stock has been seeded from the world, so a restart (or a second market process) never seeds twice.
CREATE TABLE market_seeded (
  town      text        NOT NULL,
  good      text        NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (town, good)
);

-- Which game hours each town's market has settled (drift and history): each hour once, whatever the processes.
CREATE TABLE market_hours (
  town      text   NOT NULL,
  game_hour bigint NOT NULL,
  PRIMARY KEY (town, game_hour)
);
