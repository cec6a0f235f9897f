-- In the results' transaction. No row when the run is no longer this replica's (its lease expired
-- and another replica took it): the caller then rolls its results back, so one run commits once.
UPDATE analysis_run
   SET status = 'succeeded', stage = 'done', percent = 100, summary = CAST(:summary AS jsonb),
       data_version = :dataVersion, criteria_reused = :criteriaReused, finished_at = now(), lease_until = NULL
 WHERE id = :id AND status = 'running' AND owner = :owner
