-- The extent of a collection in CRS84: the RD extent's corners projected to longitude/latitude.
SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy
  FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(t.geom)::geometry, 28992), 4326) AS e
          FROM {from}
         WHERE {where}) x
