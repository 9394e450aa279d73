-- Town halls proclaim decrees, results and new rates as world events (source 'town'). Each carries the key of what
-- caused it ('decree:12', 'election:3'), unique, so a town verticle that retries after a crash never raises two.
ALTER TABLE world_events ADD COLUMN cause text;
CREATE UNIQUE INDEX world_events_cause ON world_events (cause) WHERE cause IS NOT NULL;
ALTER TABLE world_events DROP CONSTRAINT world_events_source_check;
ALTER TABLE world_events ADD CONSTRAINT world_events_source_check CHECK (source IN ('admin', 'simulation', 'town'));
