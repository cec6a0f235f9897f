SELECT r.id, s.slug AS scenario, r.status, r.stage, r.percent, r.summary::text AS summary, r.error,
       r.data_version, r.criteria_reused, r.started_at, r.finished_at
  FROM analysis_run r JOIN scenario s ON s.id = r.scenario_id
 WHERE r.id = :id
