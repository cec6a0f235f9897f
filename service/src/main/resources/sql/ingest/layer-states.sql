-- Every layer's data version and the load that made it (ingest's public view of layer_state and
-- load_history: LayerStates). Seven rows; read on every catalogue version check.
SELECT s.layer, s.version, s.last_load_id, h.finished_at AS last_loaded_at, h.source_name AS last_source
  FROM layer_state s
  LEFT JOIN load_history h ON h.id = s.last_load_id
