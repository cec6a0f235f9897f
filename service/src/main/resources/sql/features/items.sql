-- Features as GeoJSON text, assembled by PostGIS so Java only concatenates. The {placeholders}
-- are filled by FeatureStore from whitelists (collection relation, columns, sort order, this
-- package's own predicates); every value is a bound :parameter.
SELECT t.{id} AS fid,
       {sortkey} AS sortkey,
       json_build_object('type', 'Feature',
                         'id', t.{id},
                         'geometry', ST_AsGeoJSON({geom}, :digits)::json,
                         'properties', json_build_object({props}))::text AS feature
  FROM {from}
 WHERE {where}
 ORDER BY {order}
 {limit}
