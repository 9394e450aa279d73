-- Owned by SocialVerticle: offers from one player to another in the same town. What the offerer gives sits in the
-- ledger holder 'escrow:<id>' while the offer is open; it ends once, in one transaction with its ledger moves.
CREATE TABLE trade_offers (
  id          bigserial   PRIMARY KEY,
  from_id     bigint      NOT NULL,
  to_id       bigint      NOT NULL,
  town        text        NOT NULL,
  gives       jsonb       NOT NULL,   -- {asset: qty}, moved into escrow when the offer is made
  wants       jsonb       NOT NULL,   -- {asset: qty}, paid by the other on acceptance; {} for a gift
  status      text        NOT NULL DEFAULT 'open'
              CHECK (status IN ('open', 'accepted', 'declined', 'cancelled', 'expired', 'void')),
  expires_at  bigint      NOT NULL,   -- game minutes
  request_id  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  closed_at   timestamptz,
  CHECK (from_id <> to_id),
  UNIQUE (from_id, request_id)
);
CREATE INDEX trade_offers_open ON trade_offers (expires_at) WHERE status = 'open';
CREATE INDEX trade_offers_by_player ON trade_offers (from_id, id DESC);
CREATE INDEX trade_offers_to_player ON trade_offers (to_id, id DESC);
