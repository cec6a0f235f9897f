-- The side channel of a results tile (results.sql): each of its parcels' scaled criteria unrounded,
-- in score.sql's order, as JSON [[parcel_id, excluded, exclusion_reason, v_1 .. v_7], ...].
-- The web map fetches it for the tiles on screen once a weight slider moves (live re-weighting,
-- web-map/src/score.js), so the browser's score equals the service's to 1e-9: float8 goes out in
-- PostgreSQL's shortest exact form, which JavaScript reads back to the same double.
-- Only this SELECT is here: TileStore puts it after results.sql's own `tile` and `candidates`, so
-- it lists exactly the parcels the tile draws, with the same bound parameters.
SELECT coalesce(json_agg(json_build_array(t.parcel_id, t.excluded, t.exclusion_reason, t.scaled[1], t.scaled[2],
                                          t.scaled[3], t.scaled[4], t.scaled[5], t.scaled[6], t.scaled[7])
                         ORDER BY t.parcel_id), '[]')::text
  FROM candidates t;
