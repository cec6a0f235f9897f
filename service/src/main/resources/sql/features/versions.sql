-- The data versions a collection's extent depends on, in one cheap read: each layer's version
-- (bumped by every load) and each scenario's id and results version (bumped by every run).
SELECT 'layer' AS kind, layer AS name, version, 0::bigint AS scenario_id FROM layer_state
UNION ALL
SELECT 'scenario', slug, results_version, id FROM scenario
