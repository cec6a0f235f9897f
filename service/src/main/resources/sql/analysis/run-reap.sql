-- Running runs whose executor is gone: the lease expired (its replica stopped or lost the
-- database), or, at startup, the owner is this very instance id (its previous process stopped).
-- A run claimed fewer than :attempts times goes back to the queue: it is all-or-nothing in its
-- transaction, so running it again is safe. Otherwise it fails, naming why.
UPDATE analysis_run
   SET status      = CASE WHEN attempts < :attempts THEN 'queued' ELSE 'failed' END,
       stage       = CASE WHEN attempts < :attempts THEN 'queued' ELSE stage END,
       percent     = CASE WHEN attempts < :attempts THEN 0 ELSE percent END,
       error       = CASE WHEN attempts < :attempts THEN NULL
                          ELSE 'Interrupted: the service instance executing the run stopped. Previous results are unchanged.' END,
       finished_at = CASE WHEN attempts < :attempts THEN NULL ELSE now() END,
       owner       = NULL,
       lease_until = NULL
 WHERE status = 'running'
   AND (lease_until IS NULL OR lease_until < now() OR owner = CAST(:restartedOwner AS text))
RETURNING id, status, CASE WHEN status = 'queued' THEN pg_notify('infill_run_queued', id::text) END AS notified
