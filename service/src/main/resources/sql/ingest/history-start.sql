-- A load attempt begins: recorded in its own transaction so that a failure can be reported too.
INSERT INTO load_history (layer, source_name, source_format, preset, source_crs, source_table, status)
VALUES (:layer, :source, :format, :preset, :crs, :table, 'running')
RETURNING id
