-- Owned by SocialVerticle: what is said in towns and announced to the world, whom players ignore, mutes,
-- reports with their evidence, and the moderators' log.
CREATE TABLE chat_lines (
  id         bigserial   PRIMARY KEY,
  channel    text        NOT NULL CHECK (channel IN ('town', 'world')),
  town       text,                      -- NULL for the world channel
  player_id  bigint,                    -- NULL for an admin's announcement
  name       text        NOT NULL,
  text       text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
  emote      boolean     NOT NULL DEFAULT false,
  request_id text,
  at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((channel = 'town') = (town IS NOT NULL)),
  UNIQUE (player_id, request_id)
);
CREATE INDEX chat_lines_by_town ON chat_lines (town, id DESC);

CREATE TABLE chat_ignores (
  player_id  bigint      NOT NULL,
  ignored_id bigint      NOT NULL,
  name       text        NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (player_id, ignored_id),
  CHECK (player_id <> ignored_id)
);

-- One mute per player; it holds until `until`, across sign-ins and restarts.
CREATE TABLE chat_mutes (
  player_id  bigint      PRIMARY KEY,
  until      timestamptz NOT NULL,
  reason     text        NOT NULL,
  muted_by   text        NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chat_reports (
  id          bigserial   PRIMARY KEY,
  reporter_id bigint      NOT NULL,
  line_id     bigint      NOT NULL REFERENCES chat_lines (id),
  reason      text        NOT NULL,
  evidence    jsonb       NOT NULL,   -- the reported line and the lines around it, as they were
  at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reporter_id, line_id)
);

-- Who did what to whom, and why: written with the change it records, never changed or removed.
CREATE TABLE moderation_log (
  id      bigserial   PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text        NOT NULL,
  action  text        NOT NULL,
  target  text        NOT NULL,
  reason  text        NOT NULL,
  detail  jsonb       NOT NULL DEFAULT '{}'
);
CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'moderation_log is append-only';
END
$$;
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
  FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only();
