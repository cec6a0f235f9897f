-- Amenities tile: layer 'amenities' (points, never simplified or size-filtered) with id, type, name.
-- Bound: :z :x :y in the tile matrix set whose level-0 tile is :bxmin :bymin :bxmax :bymax in :srid
-- (WebMercatorQuad: EPSG:3857; NetherlandsRDNewQuad: EPSG:28992, where ST_Transform is a no-op),
-- :tolerance (m in RD, simplification), :min_size (m; features
-- whose bounding box is smaller than this in both directions are skipped), :max_features (cap).
-- The tile envelope goes to EPSG:28992 for the GiST-friendly && filter (with the 64/4096 buffer
-- as margin, which also covers the slight curvature of the envelope's edges in RD); only the
-- candidates are transformed to :srid.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y, ST_MakeEnvelope(:bxmin, :bymin, :bxmax, :bymax, :srid)) AS env,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, ST_MakeEnvelope(:bxmin, :bymin, :bxmax, :bymax, :srid),
                                        margin => 0.015625), 28992) AS env_rd
), features AS (
    SELECT t.id AS fid, t.id, t.type, t.name,
           ST_AsMVTGeom(ST_Transform(t.geom, :srid),
                        tile.env, 4096, 64, true) AS geom
      FROM amenity t, tile
     WHERE t.geom && tile.env_rd
     LIMIT :max_features
)
SELECT ST_AsMVT(features, 'amenities', 4096, 'geom', 'fid') FROM features WHERE geom IS NOT NULL;
