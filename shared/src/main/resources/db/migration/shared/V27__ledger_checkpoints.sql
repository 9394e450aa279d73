-- A checkpoint of the ledger at a game minute: every holding as the entries stamped up to that minute add up to.
-- The clock makes one for each midnight an hour after it (Ledger.checkpoint), from the one before and the day's
-- entries, so it always agrees with the log; a replay starts from the latest checkpoint before its minute and
-- applies only the entries after it, instead of the whole history.
CREATE TABLE ledger_checkpoints (
  game_minute bigint PRIMARY KEY,
  made_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_checkpoint_holdings (
  game_minute bigint NOT NULL REFERENCES ledger_checkpoints (game_minute),
  holder text NOT NULL,
  asset text NOT NULL,
  qty bigint NOT NULL,
  PRIMARY KEY (game_minute, holder, asset)
);
