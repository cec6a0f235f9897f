-- A selection as one FlatGeobuf file, handed out in chunks of :chunk bytes, one row each.
-- ST_AsFlatGeobuf is an aggregate: PostgreSQL builds the whole file in the backend (with the
-- packed Hilbert R-tree when :spatialIndex), but the client reads it through a cursor a chunk at
-- a time, so the JVM never holds more than a fetch of chunks. The CTE is MATERIALIZED so that the
-- aggregate runs once, not once per chunk. Zero rows still give a file (header only).
-- {placeholders} come from whitelists only; values are bound.
WITH file AS MATERIALIZED (
    SELECT ST_AsFlatGeobuf(q, :spatialIndex, 'geom') AS fgb
      FROM (SELECT t.{id} AS feature_id,
                   {columns},
                   {geometry} AS geom
              FROM {from}
             WHERE {where}
             ORDER BY {order}
             {limit}) q
)
SELECT substring(file.fgb FROM part * :chunk + 1 FOR :chunk) AS bytes
  FROM file, generate_series(0, (octet_length(file.fgb) - 1) / :chunk) AS part
 WHERE file.fgb IS NOT NULL
 ORDER BY part
