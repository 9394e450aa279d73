-- Houses. A plot is free while it has no title; its house's storage is the ledger holder house:<plot_id>.
CREATE TABLE estate_titles (
  plot_id    text PRIMARY KEY,
  town       text NOT NULL,
  owner_id   bigint NOT NULL,
  price      bigint NOT NULL CHECK (price > 0),
  bought_at  bigint NOT NULL,            -- the game minute of the purchase
  request_id text,
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

COMMENT ON TABLE estate_titles IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_keys IS 'Owned by the estate verticle.';
COMMENT ON TABLE estate_moves IS 'Owned by the estate verticle.';
