-- The game minute each ledger entry happened at: a world's money over game time (the simulation's report) and a
-- replay of the ledger up to a minute read it. Filled by the clock's trigger (V26) where the clock's table is;
-- entries older than this column, and those of a database without a clock, have none.
ALTER TABLE ledger_entries ADD COLUMN game_minute bigint;
CREATE INDEX ledger_entries_game_minute ON ledger_entries (game_minute, id);
