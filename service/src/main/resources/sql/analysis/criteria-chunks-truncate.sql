-- The chunks' scratch rows once merged (TRUNCATE: the run's transaction holds its lock until it
-- commits; if the run rolls back, criteria-chunks-clear.sql removes them at the next one)
TRUNCATE analysis.criteria_chunk
