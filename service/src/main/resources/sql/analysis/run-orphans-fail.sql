-- At startup nothing of ours can still be running: rows left running were cut off by a stop.
UPDATE analysis_run
   SET status = 'failed', error = 'Interrupted: the service stopped during the run.', finished_at = now()
 WHERE status IN ('queued', 'running')
