-- Who owns a house in which town: the estate verticle's read model for the town verticle, whose charters make house
-- owners citizens.
CREATE VIEW house_owners AS
  SELECT DISTINCT owner_id AS player_id, town FROM estate_titles;

COMMENT ON VIEW house_owners IS 'Owned by the estate verticle; read by the town verticle for citizenship.';
