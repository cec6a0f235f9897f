DELETE FROM parcel_result WHERE scenario_id = :scenarioId
