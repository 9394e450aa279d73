-- The game minute what was seized stopped being held: reclaimed by its former owner, or sold when its time ran out.
-- A replay tells what was held for whom at a minute from it. Impounds closed before this column have none.
ALTER TABLE estate_impounds ADD COLUMN closed_minute bigint;
