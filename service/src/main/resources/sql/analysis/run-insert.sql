-- A run accepted by this replica: 'running' under its own lease when it has a free slot (it then
-- executes it at once), else 'queued' for whichever replica has one. Fails on
-- analysis_run_one_active when the scenario already has a queued or running run. The notification
-- (sent at commit) wakes the other replicas' claimers for a queued run.
WITH r AS (
    INSERT INTO analysis_run (scenario_id, status, stage, percent, owner, lease_until, attempts)
    VALUES (:scenarioId,
            CASE WHEN :claim THEN 'running' ELSE 'queued' END,
            'queued', 0,
            CASE WHEN :claim THEN CAST(:owner AS text) END,
            CASE WHEN :claim THEN now() + make_interval(secs => :leaseS) END,
            CASE WHEN :claim THEN 1 ELSE 0 END)
    RETURNING id, status
)
SELECT id, CASE WHEN status = 'queued' THEN pg_notify('infill_run_queued', id::text) END AS notified
  FROM r
