-- Quests (issue: a polyglot world), owned by the scripts verticle. Progress lives here, never in a script's
-- memory, so reloading a script or redeploying the verticle loses nothing.
CREATE TABLE quest_progress (
  id              bigserial PRIMARY KEY,
  player_id       bigint    NOT NULL REFERENCES accounts (id),
  quest           text      NOT NULL,
  state           text      NOT NULL CHECK (state IN ('active', 'completed', 'failed', 'abandoned')),
  step            integer   NOT NULL DEFAULT 0 CHECK (step >= 0),
  step_started_at bigint    NOT NULL,  -- game minute the current step began: what was done before it does not count
  accepted_at     bigint    NOT NULL,  -- game minutes
  due_at          bigint,              -- the game minute it fails at if not done, if it has a limit
  finished_at     bigint,
  note            text,                -- why it failed or was given up
  rewarded        boolean   NOT NULL DEFAULT false,  -- a completed quest whose pot was empty that day is paid later
  request_id      text
);
CREATE UNIQUE INDEX quest_open_once ON quest_progress (player_id, quest) WHERE state = 'active';
CREATE UNIQUE INDEX quest_completed_once ON quest_progress (player_id, quest) WHERE state = 'completed';
CREATE UNIQUE INDEX quest_request ON quest_progress (player_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX quest_progress_due ON quest_progress (due_at) WHERE state = 'active';
CREATE INDEX quest_progress_owed ON quest_progress (finished_at) WHERE state = 'completed' AND NOT rewarded;

-- A hand-in's request id, so that a retried hand-in never hands over twice.
CREATE TABLE quest_hand_ins (
  player_id  bigint NOT NULL,
  request_id text   NOT NULL,
  quest      text   NOT NULL,
  PRIMARY KEY (player_id, request_id)
);

-- What each quest (and its script) has paid on a game day, against the pot its file grants.
CREATE TABLE quest_pots (
  quest    text   NOT NULL,
  game_day bigint NOT NULL,
  coin     bigint NOT NULL DEFAULT 0 CHECK (coin >= 0),
  xp       bigint NOT NULL DEFAULT 0 CHECK (xp >= 0),
  PRIMARY KEY (quest, game_day)
);

-- Notices (with the experience they carry) kept in the transaction that earned them, then sent to the player
-- verticle until it takes them; it applies each id once.
CREATE TABLE quest_awards (
  id           bigserial PRIMARY KEY,
  player_id    bigint    NOT NULL,
  xp           bigint    NOT NULL CHECK (xp >= 0),
  game_minutes bigint    NOT NULL,
  kind         text      NOT NULL,
  text         text      NOT NULL,
  data         jsonb     NOT NULL DEFAULT '{}',
  sent         boolean   NOT NULL DEFAULT false
);
CREATE INDEX quest_awards_unsent ON quest_awards (id) WHERE NOT sent;
