DELETE FROM neighbourhood_result WHERE scenario_id = :scenarioId
