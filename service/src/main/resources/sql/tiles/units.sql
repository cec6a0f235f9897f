-- Units tile: layer 'units' (BAG verblijfsobjecten, points, never simplified or size-filtered) with
-- id, building_source_id, use and usable_area_m2. Bound: :z :x :y (WebMercatorQuad), :tolerance,
-- :min_size (unused: points), :max_features (cap). As amenities.sql: the envelope goes to RD for the
-- GiST-friendly && filter, only the candidates are transformed to EPSG:3857.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS env,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 0.015625), 28992) AS env_rd
), features AS (
    SELECT t.id AS fid, t.id, t.building_source_id, t.use, t.usable_area_m2,
           ST_AsMVTGeom(ST_Transform(t.geom, 3857),
                        tile.env, 4096, 64, true) AS geom
      FROM building_unit t, tile
     WHERE t.geom && tile.env_rd
     LIMIT :max_features
)
SELECT ST_AsMVT(features, 'units', 4096, 'geom', 'fid') FROM features WHERE geom IS NOT NULL;
