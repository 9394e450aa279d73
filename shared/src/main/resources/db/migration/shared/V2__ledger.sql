-- The ledger (DESIGN rule 4): where every coin and every item is. Written only through io.wayfarer.shared.ledger.Ledger,
-- inside the caller's transaction, by whichever verticle moves value. Holders are 'world', 'player:<id>',
-- 'market:<town>', 'town:<town>', 'shop:<id>', 'guild:<name>'. For every asset the sum over all holders is 0:
-- 'world' goes negative by exactly what it has minted.
CREATE TABLE holdings (
  holder text   NOT NULL,
  asset  text   NOT NULL,
  qty    bigint NOT NULL,
  PRIMARY KEY (holder, asset),
  CONSTRAINT holdings_never_negative CHECK (qty >= 0 OR holder = 'world')
);

CREATE TABLE ledger_entries (
  id          bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  from_holder text        NOT NULL,
  to_holder   text        NOT NULL,
  asset       text        NOT NULL,
  qty         bigint      NOT NULL CHECK (qty > 0),
  reason      text        NOT NULL,
  CONSTRAINT ledger_no_self_transfer CHECK (from_holder <> to_holder)
);
CREATE INDEX ledger_entries_from ON ledger_entries (from_holder, id);
CREATE INDEX ledger_entries_to ON ledger_entries (to_holder, id);
