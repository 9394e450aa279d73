-- What the player verticle publishes for other verticles' transactions: where each player's character stands
-- (town NULL while on the road). The market locks a row of it FOR SHARE so a trade and a departure cannot
-- interleave. Read-only for everyone but PlayerVerticle, which owns the characters table behind it.
CREATE VIEW character_locations AS
  SELECT account_id AS player_id, id AS character_id, town FROM characters;
