-- A progress update is not worth waiting for a WAL flush: losing the last one in a crash is
-- harmless (the next startup marks the run failed anyway). Local to the progress transaction.
SELECT set_config('synchronous_commit', 'off', true)
