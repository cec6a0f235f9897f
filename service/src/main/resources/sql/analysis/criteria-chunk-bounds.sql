-- Chunk borders for parallel criteria: the x of parcel bounding-box centres at 1/n, 2/n, ...
-- (n - 1 values), so the n stripes between them hold about equal numbers of parcels. A parcel
-- belongs to exactly one stripe by its centre; the other layers are never clipped (param :n).
SELECT percentile_disc(ARRAY(SELECT g::double precision / :n FROM generate_series(1, :n - 1) g))
       WITHIN GROUP (ORDER BY coalesce((ST_XMin(geom) + ST_XMax(geom)) / 2, 0)) AS bounds
  FROM parcel
