UPDATE scenario SET results_version = results_version + 1 WHERE id = :scenarioId RETURNING results_version
