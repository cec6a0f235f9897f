-- Only the run's own executor marks it failed: once its lease expired the run may belong to
-- another replica, whose outcome this must not overwrite.
UPDATE analysis_run
   SET status = 'failed', error = :error, finished_at = now(), lease_until = NULL
 WHERE id = :id AND status = 'running' AND owner = :owner
