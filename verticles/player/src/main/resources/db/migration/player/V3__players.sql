-- Accounts, sessions, characters, what characters are doing, and their notices. Owned by PlayerVerticle.
CREATE TABLE accounts (
  id            bigserial   PRIMARY KEY,
  username      text        NOT NULL,
  username_key  text        NOT NULL UNIQUE,  -- lower-cased: names differing only in case are the same name
  password_hash text        NOT NULL,
  role          text        NOT NULL DEFAULT 'player' CHECK (role IN ('player', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of the token is kept: a leaked table does not leak live sessions.
CREATE TABLE sessions (
  token_hash   bytea       PRIMARY KEY,
  account_id   bigint      NOT NULL REFERENCES accounts (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed logins (and registrations) by account and by address, for throttling before any hash is computed.
CREATE TABLE auth_attempts (
  id        bigserial   PRIMARY KEY,
  key       text        NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_attempts_by_key ON auth_attempts (key, at);

CREATE TABLE characters (
  id          bigserial   PRIMARY KEY,
  account_id  bigint      NOT NULL UNIQUE REFERENCES accounts (id),
  name        text        NOT NULL,
  name_key    text        NOT NULL UNIQUE,
  class       text        NOT NULL,
  str         smallint    NOT NULL,
  dex         smallint    NOT NULL,
  con         smallint    NOT NULL,
  int         smallint    NOT NULL,
  wis         smallint    NOT NULL,
  cha         smallint    NOT NULL,
  rolls       jsonb       NOT NULL,
  max_hp      integer     NOT NULL CHECK (max_hp > 0),
  hp          integer     NOT NULL CHECK (hp >= 0),
  town        text,       -- NULL while on the road
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A journey, a shift of work or a stay at the inn. At most one open per character: that is "busy".
CREATE TABLE activities (
  id             bigserial PRIMARY KEY,
  character_id   bigint    NOT NULL REFERENCES characters (id),
  kind           text      NOT NULL CHECK (kind IN ('travel', 'work', 'rest')),
  started_at     bigint    NOT NULL,  -- game minutes
  ends_at        bigint    NOT NULL,
  encounter_at   bigint,              -- travel only: when the road's check is made
  encounter_done boolean   NOT NULL DEFAULT false,
  details        jsonb     NOT NULL,
  done           boolean   NOT NULL DEFAULT false,
  CHECK (ends_at > started_at)
);
CREATE UNIQUE INDEX one_open_activity ON activities (character_id) WHERE NOT done;
CREATE INDEX open_activities_due ON activities (ends_at) WHERE NOT done;

CREATE TABLE notices (
  id           bigserial   PRIMARY KEY,
  account_id   bigint      NOT NULL REFERENCES accounts (id),
  game_minutes bigint      NOT NULL,
  kind         text        NOT NULL,
  text         text        NOT NULL,
  data         jsonb       NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_by_account ON notices (account_id, id DESC);
