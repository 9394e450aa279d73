-- The game minute a decree vote was cast (or last changed), as ballots keep theirs. Votes from before this column have
-- none.
ALTER TABLE town_decree_votes ADD COLUMN cast_minute bigint;
