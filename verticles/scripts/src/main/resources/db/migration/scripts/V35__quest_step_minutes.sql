-- The game minute each step of a quest began, first step first (the first is the minute it was taken), so that a look
-- back or a replay can tell the step a quest was at. Quests taken before this column know only their first step's
-- minute while they are still at it; the others have none.
ALTER TABLE quest_progress ADD COLUMN step_minutes bigint[];
UPDATE quest_progress SET step_minutes = ARRAY[accepted_at] WHERE step = 0;
