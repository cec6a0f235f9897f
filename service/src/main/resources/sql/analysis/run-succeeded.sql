UPDATE analysis_run
   SET status = 'succeeded', stage = 'done', percent = 100, summary = CAST(:summary AS jsonb),
       data_version = :dataVersion, criteria_reused = :criteriaReused, finished_at = now()
 WHERE id = :id
