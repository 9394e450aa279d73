-- Owned by EventsVerticle: every world event raised, by chance or by an admin, and whether it has ended.
-- V6 (verticles/npc) created this table when the NPC verticle still kept the events, and an applied
-- migration never changes; so here it is created only where V6 has not run (a database of this module
-- alone, as its own tests use), with the same definition, and marked with its owner everywhere.
CREATE TABLE IF NOT EXISTS world_events (
  id         bigserial   PRIMARY KEY,
  type       text        NOT NULL,
  name       text        NOT NULL,
  town       text        NOT NULL,
  severity   smallint    NOT NULL CHECK (severity BETWEEN 1 AND 5),
  starts_at  bigint      NOT NULL,
  ends_at    bigint      NOT NULL,
  text       text        NOT NULL,
  effects    jsonb       NOT NULL,
  source     text        NOT NULL CHECK (source IN ('admin', 'simulation')),
  raised_by  text,
  ended      boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX IF NOT EXISTS world_events_open ON world_events (ends_at) WHERE NOT ended;
CREATE INDEX IF NOT EXISTS world_events_recent ON world_events (id DESC);
COMMENT ON TABLE world_events IS 'Owned by EventsVerticle (verticles/events)';
