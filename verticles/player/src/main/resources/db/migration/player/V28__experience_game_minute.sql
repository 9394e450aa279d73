-- The game minute each experience award was given at (its notice's), so that a character's experience and level
-- at a past minute can be told (an admin's look-back). Awards made before this column have none and count as
-- given before any minute asked about.
ALTER TABLE experience_awards ADD COLUMN game_minute bigint;
