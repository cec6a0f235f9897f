-- Parcels per score class per neighbourhood for weights other than the scenario's: the live
-- preview of the web map's score-class chart. Each scored parcel's score comes from its stored
-- scaled criteria as web-map/src/score.js computes it for the map (100 x w_k x v_k, summed left to
-- right in the criteria's order, with weights the caller normalised as score.js does), so that the
-- chart counts the classes the map draws; class = least(5, floor(S / 20) + 1) as in score.sql.
-- Excluded parcels have no class, as in neighbourhood-results-insert.sql.
WITH storey AS (
    -- The neighbourhood of a parcel comes with its criteria, which are stored per storey height:
    -- those of the scenario's storey height, or, when the scenario has a new one that no run has
    -- computed yet (it is saved before its run), the latest computed (the neighbourhood does not
    -- depend on the storey height). The CASE keeps a stored value that is not a number from the cast.
    SELECT cs.storey_height_m
      FROM analysis.criteria_state cs
      LEFT JOIN scenario s ON s.slug = :slug
     ORDER BY cs.storey_height_m = CASE WHEN jsonb_typeof(s.params -> 'storeyHeightM') = 'number'
                                        THEN (s.params ->> 'storeyHeightM')::double precision END DESC NULLS LAST,
              cs.computed_at DESC
     LIMIT 1
)
SELECT pc.neighbourhood_id, c.score_class, count(*) AS parcels
  FROM parcel_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN analysis.parcel_criteria pc ON pc.parcel_id = r.parcel_id AND pc.storey_height_m = (SELECT storey_height_m FROM storey)
 CROSS JOIN LATERAL (
        SELECT least(5, floor((100 * :w1 * r.scaled[1] + 100 * :w2 * r.scaled[2] + 100 * :w3 * r.scaled[3]
                               + 100 * :w4 * r.scaled[4] + 100 * :w5 * r.scaled[5] + 100 * :w6 * r.scaled[6]
                               + 100 * :w7 * r.scaled[7]) / 20) + 1)::int AS score_class) c
 WHERE s.slug = :slug AND NOT r.excluded AND pc.neighbourhood_id IS NOT NULL AND c.score_class IS NOT NULL
 GROUP BY pc.neighbourhood_id, c.score_class
