-- Owned by EventsVerticle: every world event raised, by chance or by an admin, and whether it has ended.
-- V6 (verticles/npc) created this table when the NPC verticle still kept the events, and an applied
-- migration never changes; so here it is created, with the same definition, only where V6 has not run (a
-- database of this module alone, as its own tests use), and marked with its owner everywhere. A check rather
-- than IF NOT EXISTS, which would log a warning on every other database.
DO $$
BEGIN
  IF to_regclass('world_events') IS NULL THEN
    CREATE TABLE world_events (
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
    CREATE INDEX world_events_open ON world_events (ends_at) WHERE NOT ended;
    CREATE INDEX world_events_recent ON world_events (id DESC);
  END IF;
END
$$;
COMMENT ON TABLE world_events IS 'Owned by EventsVerticle (verticles/events)';
