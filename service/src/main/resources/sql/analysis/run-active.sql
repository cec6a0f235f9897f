SELECT count(*) FROM analysis_run WHERE scenario_id = :scenarioId AND status IN ('queued', 'running')
