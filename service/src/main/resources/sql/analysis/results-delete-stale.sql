-- After score.sql: rows of parcels the run did not score (parcels gone since the last run).
DELETE FROM parcel_result WHERE scenario_id = :scenarioId AND run_id <> :runId
