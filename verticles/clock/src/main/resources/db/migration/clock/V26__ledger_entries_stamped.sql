-- Every ledger entry is stamped with the world's minute as the clock has saved it. The clock saves a minute
-- before it announces it, so whatever moves value on that minute's tick is stamped with it; no verticle that
-- writes the ledger needs to be told the time.
CREATE FUNCTION ledger_entry_game_minute() RETURNS trigger AS $$
BEGIN
  IF NEW.game_minute IS NULL THEN
    SELECT game_minutes INTO NEW.game_minute FROM clock_state WHERE id = 1;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entries_game_minute BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_game_minute();
