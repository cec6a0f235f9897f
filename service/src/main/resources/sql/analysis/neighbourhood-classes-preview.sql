-- Parcels per score class per neighbourhood for weights other than the scenario's: the live
-- preview of the web map's score-class chart. Each scored parcel's score comes from its stored
-- scaled criteria as web-map/src/score.js computes it for the map (100 x w_k x v_k, summed left to
-- right in the criteria's order, with weights the caller normalised as score.js does), so that the
-- chart counts the classes the map draws; class = least(5, floor(S / 20) + 1) as in score.sql.
-- Excluded parcels have no class, as in neighbourhood-results-insert.sql.
SELECT pc.neighbourhood_id, c.score_class, count(*) AS parcels
  FROM parcel_result r
  JOIN scenario s ON s.id = r.scenario_id
  JOIN analysis.parcel_criteria pc
    ON pc.parcel_id = r.parcel_id AND pc.storey_height_m = (s.params ->> 'storeyHeightM')::double precision
 CROSS JOIN LATERAL (
        SELECT least(5, floor((100 * :w1 * r.scaled[1] + 100 * :w2 * r.scaled[2] + 100 * :w3 * r.scaled[3]
                               + 100 * :w4 * r.scaled[4] + 100 * :w5 * r.scaled[5] + 100 * :w6 * r.scaled[6]
                               + 100 * :w7 * r.scaled[7]) / 20) + 1)::int AS score_class) c
 WHERE s.slug = :slug AND NOT r.excluded AND pc.neighbourhood_id IS NOT NULL AND c.score_class IS NOT NULL
 GROUP BY pc.neighbourhood_id, c.score_class
