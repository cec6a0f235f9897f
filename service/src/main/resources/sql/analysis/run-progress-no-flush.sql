-- A progress update is not worth waiting for a WAL flush: losing the last one in a crash is
-- harmless (a run cut off by a crash is re-queued or failed when its lease expires). Local to the progress transaction.
SELECT set_config('synchronous_commit', 'off', true)
