-- Money becomes integer copper (10 cp = 1 sp, 10 sp = 1 gp): the ledger's asset 'gold', counted in whole gold pieces,
-- becomes 'coin', counted in copper. Every balance and every entry is multiplied by 100, exactly, so every asset still
-- sums to zero over all holders.
UPDATE holdings SET asset = 'coin', qty = qty * 100 WHERE asset = 'gold';
UPDATE ledger_entries SET asset = 'coin', qty = qty * 100 WHERE asset = 'gold';
