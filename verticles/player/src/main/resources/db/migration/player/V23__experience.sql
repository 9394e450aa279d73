-- Experience and levels (issue: quests). A character's level follows from its experience by the table in
-- Levels; it is kept beside it so that a reader of the sheet needs no rules. Awards come from other verticles
-- (a quest's reward) with an id each, and are applied once however often they are sent.
ALTER TABLE characters ADD COLUMN xp bigint NOT NULL DEFAULT 0 CHECK (xp >= 0);
ALTER TABLE characters ADD COLUMN level smallint NOT NULL DEFAULT 1 CHECK (level >= 1);

CREATE TABLE experience_awards (
  id         text        PRIMARY KEY,
  account_id bigint      NOT NULL REFERENCES accounts (id),
  xp         bigint      NOT NULL CHECK (xp >= 0),
  at         timestamptz NOT NULL DEFAULT now()
);

-- What characters finished: the scripts verticle checks a quest's journey and work steps against it, so that
-- a step is done however its deed was heard (or missed, while that verticle was being redeployed).
CREATE VIEW finished_activities AS
  SELECT c.account_id AS player_id, a.id, a.kind, a.started_at, a.ends_at, a.details
    FROM activities a JOIN characters c ON c.id = a.character_id
   WHERE a.done;

COMMENT ON VIEW finished_activities IS 'Owned by the player verticle; read by the scripts verticle for quests.';
