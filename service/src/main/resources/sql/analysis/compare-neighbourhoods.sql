SELECT coalesce(a.neighbourhood_id, b.neighbourhood_id) AS neighbourhood_id, n.code, n.name,
       a.capacity_m2 AS capacity_a, b.capacity_m2 AS capacity_b,
       a.extra_dwellings AS dwellings_a, b.extra_dwellings AS dwellings_b,
       a.mean_score AS mean_score_a, b.mean_score AS mean_score_b,
       a.ageing_fit AS ageing_fit_a, b.ageing_fit AS ageing_fit_b
  FROM (SELECT * FROM neighbourhood_result WHERE scenario_id = :a) a
  FULL JOIN (SELECT * FROM neighbourhood_result WHERE scenario_id = :b) b ON b.neighbourhood_id = a.neighbourhood_id
  LEFT JOIN neighbourhood n ON n.id = coalesce(a.neighbourhood_id, b.neighbourhood_id)
 ORDER BY abs(coalesce(b.mean_score, 0) - coalesce(a.mean_score, 0)) DESC, 1
