-- A journey, a shift or a stay may carry the request id its player sent (DESIGN rule 4: a retry never applies twice).
-- Sent again after an answer was lost, the same id finds the activity it started instead of starting another.
ALTER TABLE activities ADD COLUMN request_id text;
CREATE UNIQUE INDEX activities_by_request ON activities (character_id, request_id) WHERE request_id IS NOT NULL;
