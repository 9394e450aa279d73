-- The social verticle speaks and whispers by characters' names: the view other verticles read also gives each
-- character's name (and its lower-cased key, by which names are unique). Columns are only appended, so the
-- market's reading of it is unchanged.
CREATE OR REPLACE VIEW character_locations AS
  SELECT account_id AS player_id, id AS character_id, town, name, name_key FROM characters;
