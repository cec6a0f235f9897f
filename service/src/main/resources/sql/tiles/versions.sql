-- Every data version tiles depend on, in one cheap read: layer versions (bumped by each load)
-- and each scenario's id and results version (bumped by each committed run).
SELECT 'layer' AS kind, layer AS name, version, 0::bigint AS scenario_id FROM layer_state
UNION ALL
SELECT 'scenario', slug, results_version, id FROM scenario;
