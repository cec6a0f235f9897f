SELECT r.data_version
  FROM analysis_run r
 WHERE r.scenario_id = :scenarioId AND r.status = 'succeeded'
 ORDER BY r.finished_at DESC
 LIMIT 1
