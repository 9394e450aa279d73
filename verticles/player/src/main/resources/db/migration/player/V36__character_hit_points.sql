-- Each character's hit points from the game minute they changed (made, wounded on the road, rested, a level gained),
-- written with the change, so that a look back or a replay can tell them at any minute. Characters made before this
-- table start from their hit points now, at the minute they were made (or at the beginning, if that was not kept):
-- what they were before their last change is not known.
CREATE TABLE character_hit_points (
  id           bigserial PRIMARY KEY,
  character_id bigint  NOT NULL,
  game_minute  bigint  NOT NULL,
  hp           integer NOT NULL,
  max_hp       integer NOT NULL
);
CREATE INDEX character_hit_points_by_minute ON character_hit_points (character_id, game_minute, id);

INSERT INTO character_hit_points (character_id, game_minute, hp, max_hp)
  SELECT id, COALESCE(created_minute, 0), hp, max_hp FROM characters ORDER BY id;

COMMENT ON TABLE character_hit_points IS 'Owned by the player verticle.';
