-- The world clock, owned by ClockVerticle. One row: the world has one time.
CREATE TABLE clock_state (
  id           smallint    PRIMARY KEY CHECK (id = 1),
  game_minutes bigint      NOT NULL CHECK (game_minutes >= 0),
  paused       boolean     NOT NULL,
  saved_at     timestamptz NOT NULL
);
