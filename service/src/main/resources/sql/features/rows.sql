-- Features as plain columns plus the geometry as WKT or WKB, for CSV and GeoPackage exports.
-- {placeholders} come from whitelists only; values are bound.
SELECT t.{id} AS fid,
       {columns},
       {geometry} AS geometry_out
  FROM {from}
 WHERE {where}
 ORDER BY {order}
 {limit}
