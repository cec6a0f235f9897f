-- The oldest queued run, claimed by one replica: SKIP LOCKED lets concurrent claimers pass over a
-- row another one is taking, so each run is claimed exactly once. NO KEY UPDATE, not UPDATE: a run
-- whose previous executor's backend still lives (a dead client's backend waiting on a lock) holds a
-- KEY SHARE on the row through analysis_run_settings' foreign key, which must not hide the run.
UPDATE analysis_run r
   SET status = 'running', owner = :owner, lease_until = now() + make_interval(secs => :leaseS),
       attempts = r.attempts + 1
  FROM scenario s
 WHERE s.id = r.scenario_id
   AND r.status = 'queued'
   AND r.id = (SELECT id FROM analysis_run WHERE status = 'queued' ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
RETURNING r.id, s.slug
