-- The game minute of every estate command that changes state, beside its real time: what went in and out of a house,
-- a key given, a sale offered and closed, a buy order posted, filled and closed. A look back or a replay reads game
-- minutes; rows from before these columns have none.
ALTER TABLE estate_moves ADD COLUMN game_minute bigint;
ALTER TABLE estate_keys ADD COLUMN given_minute bigint;
ALTER TABLE estate_sales ADD COLUMN offered_minute bigint;
ALTER TABLE estate_sales ADD COLUMN closed_minute bigint;
ALTER TABLE estate_orders ADD COLUMN posted_minute bigint;
ALTER TABLE estate_orders ADD COLUMN closed_minute bigint;
ALTER TABLE estate_order_fills ADD COLUMN game_minute bigint;
