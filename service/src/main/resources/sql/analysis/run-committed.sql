-- The scenario's results version when this run's results committed: its settings row is written
-- in the same transaction as its results. No row when that transaction never committed.
SELECT s.results_version
  FROM analysis_run_settings rs
  JOIN scenario s ON s.id = :scenarioId
 WHERE rs.run_id = :runId
