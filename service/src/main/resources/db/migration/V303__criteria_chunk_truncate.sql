-- The parallel criteria clear their merged scratch rows with TRUNCATE instead of DELETE (a
-- million unlogged rows deleted cost seconds on the run's serial path). The service role is
-- DML-only; TRUNCATE on this one scratch table is all it gains.
GRANT TRUNCATE ON analysis.criteria_chunk TO infill_app;
