-- Each market.supply batch that names itself is applied once: a sender that did not hear the answer
-- (the market was being replaced, its process restarted) sends the same batch again until one is
-- taken, and gets the first answer back.
CREATE TABLE supply_batches (
  batch_id TEXT PRIMARY KEY,
  applied JSONB,
  taken_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
