-- The game minute of every estate command that changes state, beside its real time: what went in and out of a house,
-- a key given, a sale offered and closed. A look back or a replay reads game minutes; rows from before this column
-- have none.
ALTER TABLE estate_moves ADD COLUMN game_minute bigint;
ALTER TABLE estate_keys ADD COLUMN given_minute bigint;
ALTER TABLE estate_sales ADD COLUMN offered_minute bigint;
ALTER TABLE estate_sales ADD COLUMN closed_minute bigint;
