-- The game minutes an offer between players was made and ended, beside their real times: a look back or a replay
-- reads game minutes. Offers from before these columns have none.
ALTER TABLE trade_offers ADD COLUMN created_minute bigint;
ALTER TABLE trade_offers ADD COLUMN closed_minute bigint;
