UPDATE analysis_run
   SET status = 'failed', error = :error, finished_at = now()
 WHERE id = :id AND status IN ('queued', 'running')
