-- The side channel of a results tile (results.sql): for the same parcels (the same bound
-- parameters, the same candidates, so what a tile draws is here too), each parcel's scaled criteria
-- unrounded, in score.sql's order, as JSON [[parcel_id, excluded, exclusion_reason, v_1 .. v_7], ...].
-- The web map fetches it for the tiles on screen once a weight slider moves (live re-weighting,
-- web-map/src/score.js), so the browser's score equals the service's to 1e-9: float8 goes out in
-- PostgreSQL's shortest exact form, which JavaScript reads back to the same double.
-- Bound as results.sql (:z :x :y :bxmin :bymin :bxmax :bymax :srid :min_size :max_features :scenario_id).
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
)
SELECT coalesce(json_agg(json_build_array(t.parcel_id, t.excluded, t.exclusion_reason, t.scaled[1], t.scaled[2],
                                          t.scaled[3], t.scaled[4], t.scaled[5], t.scaled[6], t.scaled[7])
                         ORDER BY t.parcel_id), '[]')::text
  FROM candidates t;
