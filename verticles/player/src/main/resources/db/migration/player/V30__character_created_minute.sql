-- The game minute a character was made, so that a look back or a replay to a minute before it says there was no
-- character yet (instead of where it stands now). Characters made before this column have none.
ALTER TABLE characters ADD COLUMN created_minute bigint;
