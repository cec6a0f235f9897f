-- Neighbourhood totals of one run. Excluded parcels carry capacity 0, so the sums are of
-- developable capacity. Ageing fit (m2, weighted):
--   ageing_fit = (capacity_m2 on parcels within :walkM of a GP AND a supermarket AND a pt stop)
--                x (neighbourhood 65+ share / 100)
-- i.e. the floor area that could house older residents close to care, shops and transit, counted
-- more where the neighbourhood is older.
-- mean_scaled: the mean of each scaled criterion over the parcels with a score (those avg(score)
-- counts), so that the web map previews the mean score of other weights.
INSERT INTO neighbourhood_result (scenario_id, neighbourhood_id, run_id, parcels, capacity_m2, extra_dwellings,
                                  mean_score, parcels_per_class, ageing_fit, mean_scaled)
SELECT :scenarioId, pc.neighbourhood_id, :runId,
       count(*),
       sum(r.capacity_m2),
       sum(r.extra_dwellings),
       avg(r.score),
       jsonb_build_object('1', count(*) FILTER (WHERE r.score_class = 1),
                          '2', count(*) FILTER (WHERE r.score_class = 2),
                          '3', count(*) FILTER (WHERE r.score_class = 3),
                          '4', count(*) FILTER (WHERE r.score_class = 4),
                          '5', count(*) FILTER (WHERE r.score_class = 5)),
       coalesce(sum(r.capacity_m2) FILTER (WHERE r.walk_gp_m <= :walkM AND r.walk_supermarket_m <= :walkM
                                            AND r.walk_pt_m <= :walkM), 0) * max(pc.pop_65plus_pct) / 100,
       ARRAY[avg(r.scaled[1]) FILTER (WHERE r.score IS NOT NULL), avg(r.scaled[2]) FILTER (WHERE r.score IS NOT NULL),
             avg(r.scaled[3]) FILTER (WHERE r.score IS NOT NULL), avg(r.scaled[4]) FILTER (WHERE r.score IS NOT NULL),
             avg(r.scaled[5]) FILTER (WHERE r.score IS NOT NULL), avg(r.scaled[6]) FILTER (WHERE r.score IS NOT NULL),
             avg(r.scaled[7]) FILTER (WHERE r.score IS NOT NULL)]
  FROM parcel_result r
  JOIN analysis.parcel_criteria pc ON pc.parcel_id = r.parcel_id AND pc.storey_height_m = :storeyHeight
 WHERE r.scenario_id = :scenarioId AND pc.neighbourhood_id IS NOT NULL
 GROUP BY pc.neighbourhood_id
