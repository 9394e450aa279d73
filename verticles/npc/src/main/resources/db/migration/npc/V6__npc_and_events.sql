-- Owned by NpcVerticle: world events, and the townsfolk's state between runs.
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

-- One snapshot of the townsfolk: where each stands (a byte per NPC), what each town has made but not yet
-- sold, and the caravans on the road. Taken every game day and at shutdown.
CREATE TABLE npc_snapshot (
  id          smallint    PRIMARY KEY CHECK (id = 1),
  game_hour   bigint      NOT NULL,
  population  integer     NOT NULL,
  seed        bigint      NOT NULL,
  places      bytea       NOT NULL,
  accumulated jsonb       NOT NULL,
  caravans    jsonb       NOT NULL,
  saved_at    timestamptz NOT NULL DEFAULT now()
);
