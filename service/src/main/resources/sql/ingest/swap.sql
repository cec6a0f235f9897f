-- The swap, run in the load's one transaction after the layer_state row is locked: the layer's
-- rows are replaced by the usable prepared features. {table}, {columns} and {geom} come from the
-- Layer whitelist ({geom} dumps multi-parts for the LineString and Point layers).
DELETE FROM {table};
INSERT INTO {table} ({columns}, geom, load_id)
SELECT {columns}, {geom}, :loadId
  FROM ingest_ready
 WHERE reason IS NULL
