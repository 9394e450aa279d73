-- Who owned each house when, in game minutes: a row per owner from the minute the house became theirs (bought from the
-- town, or from a player) to the minute it stopped being theirs (sold on, or seized); to_minute is null while they hold
-- it. estate_titles says who owns a house now; this says who did at any minute, for an admin's look back and a replay.
CREATE TABLE estate_ownership (
  plot_id     text   NOT NULL,
  town        text   NOT NULL,
  owner_id    bigint NOT NULL,
  from_minute bigint NOT NULL,
  came_by     text   NOT NULL CHECK (came_by IN ('bought', 'bought_from_player')),
  to_minute   bigint,
  ended_by    text   CHECK (ended_by IN ('sold', 'seized')),
  CHECK ((to_minute IS NULL) = (ended_by IS NULL))
);
CREATE UNIQUE INDEX estate_ownership_held ON estate_ownership (plot_id) WHERE to_minute IS NULL;
CREATE INDEX estate_ownership_owner ON estate_ownership (owner_id, from_minute);

-- Houses owned before this table: from their purchase. Earlier sales and seizures were not kept.
INSERT INTO estate_ownership (plot_id, town, owner_id, from_minute, came_by)
  SELECT plot_id, town, owner_id, bought_at, 'bought' FROM estate_titles;

COMMENT ON TABLE estate_ownership IS 'Owned by the estate verticle.';
