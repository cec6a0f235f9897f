-- Fails on analysis_run_one_active when the scenario already has a queued or running run.
INSERT INTO analysis_run (scenario_id, status, stage, percent)
VALUES (:scenarioId, 'running', 'queued', 0)
RETURNING id
