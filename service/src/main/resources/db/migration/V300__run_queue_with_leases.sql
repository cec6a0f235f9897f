-- Runs start from a queue in the database (docs/scaling.md): whichever replica accepts a run
-- inserts it; exactly one replica claims it (FOR UPDATE SKIP LOCKED) and holds a lease on it that
-- a heartbeat extends while the run executes. A run whose lease expired lost its executor: any
-- replica puts it back in the queue (once) or marks it failed, so no run stays 'running' forever.
ALTER TABLE analysis_run
    ADD COLUMN owner       text,          -- instance id of the replica executing it (infill.analysis.instance-id)
    ADD COLUMN lease_until timestamptz,   -- the executor's heartbeat keeps this in the future
    ADD COLUMN attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);

COMMENT ON COLUMN analysis_run.owner IS 'Instance id of the replica executing the run; null while queued.';
COMMENT ON COLUMN analysis_run.lease_until IS 'Running runs past this time lost their executor and are re-queued or failed.';
COMMENT ON COLUMN analysis_run.attempts IS 'How many times a replica claimed the run.';

-- The claim takes the oldest queued run; the reaper looks only at running ones.
CREATE INDEX analysis_run_queued_idx ON analysis_run (id) WHERE status = 'queued';
CREATE INDEX analysis_run_lease_idx ON analysis_run (lease_until) WHERE status = 'running';
