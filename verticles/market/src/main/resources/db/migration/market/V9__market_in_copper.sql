-- Money in copper (see V8): trades, price history and the record of seeded markets follow the ledger.
ALTER TABLE market_trades RENAME COLUMN player_gold TO player_coin;
ALTER TABLE market_trades RENAME COLUMN market_gold TO market_coin;
ALTER TABLE market_trades RENAME COLUMN tax_gold TO tax_coin;
UPDATE market_trades SET player_coin = player_coin * 100, market_coin = market_coin * 100, tax_coin = tax_coin * 100;

-- Samples were gold with three decimals; in copper they keep every digit they had.
ALTER TABLE price_history ALTER COLUMN buy TYPE numeric(15,1) USING buy * 100, ALTER COLUMN sell TYPE numeric(15,1) USING sell * 100;

-- A market seeded with gold was seeded with coin: it must not be seeded again.
UPDATE market_seeded SET good = 'coin' WHERE good = 'gold';
