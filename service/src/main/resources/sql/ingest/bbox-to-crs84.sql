-- The CRS84 (lon/lat) box around an RD New box, for a server that takes no RD bbox: the four
-- corners are not enough (RD's grid is turned against the meridians), so the box of the whole
-- densified outline is taken.
SELECT ST_XMin(b) AS min_x, ST_YMin(b) AS min_y, ST_XMax(b) AS max_x, ST_YMax(b) AS max_y
  FROM (SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(:minX, :minY, :maxX, :maxY, 28992), 100), 4326)::box2d AS b) t
