-- Native (EPSG:28992) and WGS84 bounding box of one publish view. {view} is a whitelisted
-- identifier (a layer id or results_<validated slug>), never user text.
SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy,
       ST_XMin(w) AS lon_min, ST_YMin(w) AS lat_min, ST_XMax(w) AS lon_max, ST_YMax(w) AS lat_max
  FROM (SELECT e, ST_Transform(ST_SetSRID(e::geometry, 28992), 4326) AS w
          FROM (SELECT ST_Extent(geom) AS e FROM publish.{view}) x) y
