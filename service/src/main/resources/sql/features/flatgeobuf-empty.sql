-- A FlatGeobuf header with the export's columns, for a selection without features: the
-- aggregate gives NULL for no rows, so it gets one row of NULLs (the selection's columns, outer
-- joined to a single row); FlatGeobufNulls keeps the magic bytes and header and drops that row's
-- empty feature. {placeholders} come from whitelists only; values are bound.
SELECT ST_AsFlatGeobuf(q, false, 'geom') AS fgb
  FROM (SELECT e.*
          FROM (SELECT 1) one
          LEFT JOIN (SELECT t.{id} AS feature_id,
                            {columns},
                            {geometry} AS geom
                       FROM {from}
                      WHERE false) e ON true) q
