-- Results tile of one scenario: layer named by the collection (:layer, results-{slug}), one feature per parcel.
-- Figures are rounded to what a map shows (score and dwellings to 0.1, m² and walking metres to
-- whole numbers): unrounded doubles are unique per parcel and made up most of a dense tile's bytes.
-- The scaled criteria the map's live re-weighting recomputes the score from travel in a side
-- channel (results-criteria.sql, GET /tiles/results-{slug}/{z}/{x}/{y}.criteria): unrounded, they
-- made up 45 % of a tile's bytes, which every first view decoded whether a slider moved or not.
-- Bound: :z :x :y in the tile matrix set whose level-0 tile is :bxmin :bymin :bxmax :bymax in :srid
-- (WebMercatorQuad: EPSG:3857; NetherlandsRDNewQuad: EPSG:28992, where ST_Transform is a no-op),
-- :tolerance (m in RD, simplification), :min_size (m; features
-- whose bounding box is smaller than this in both directions are skipped), :max_features (cap).
-- The tile envelope goes to EPSG:28992 for the GiST-friendly && filter (with the 64/4096 buffer
-- as margin, which also covers the slight curvature of the envelope's edges in RD). `tile` is
-- used twice, so PostgreSQL computes it once, whatever plan it picks for the bound values.
-- Beyond the cap the smallest features (by bounding box) are left out, ties by id, so a dense
-- tile at low zoom loses what is hardly visible; only the kept candidates are simplified and
-- transformed to :srid. ST_AsMVT skips the rows whose geometry clipped to nothing (NULL).
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y, ST_MakeEnvelope(:bxmin, :bymin, :bxmax, :bymax, :srid)) AS env,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, ST_MakeEnvelope(:bxmin, :bymin, :bxmax, :bymax, :srid),
                                        margin => 0.015625), 28992) AS env_rd
), candidates AS (
    SELECT t.*
      FROM parcel_result_v t, tile
     WHERE t.geom && tile.env_rd
       AND t.scenario_id = :scenario_id
       AND (ST_XMax(t.geom) - ST_XMin(t.geom) >= :min_size OR ST_YMax(t.geom) - ST_YMin(t.geom) >= :min_size)
     ORDER BY greatest(ST_XMax(t.geom) - ST_XMin(t.geom), ST_YMax(t.geom) - ST_YMin(t.geom)) DESC, t.parcel_id
     LIMIT :max_features
), features AS (
    SELECT t.parcel_id AS fid, t.parcel_id, round(t.score::numeric, 1)::float8 AS score, t.score_class,
           round(t.capacity_m2)::bigint AS capacity_m2, round(t.extra_dwellings::numeric, 1)::float8 AS extra_dwellings,
           t.excluded, t.no_zoning, round(t.walk_gp_m)::bigint AS walk_gp_m,
           round(t.walk_supermarket_m)::bigint AS walk_supermarket_m, round(t.walk_pt_m)::bigint AS walk_pt_m,
           t.exclusion_reason,
           ST_AsMVTGeom(ST_Transform(ST_SimplifyPreserveTopology(t.geom, :tolerance), :srid),
                        tile.env, 4096, 64, true) AS geom
      FROM candidates t, tile
)
SELECT ST_AsMVT(features, :layer, 4096, 'geom', 'fid') FROM features;
