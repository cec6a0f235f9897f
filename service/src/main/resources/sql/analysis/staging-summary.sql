SELECT count(*) AS parcels,
       count(*) FILTER (WHERE excluded) AS excluded,
       count(*) FILTER (WHERE no_zoning) AS no_zoning,
       coalesce(sum(capacity_m2), 0) AS capacity_m2,
       coalesce(sum(extra_dwellings), 0) AS dwellings,
       avg(score) AS mean_score,
       count(*) FILTER (WHERE score_class = 1) AS class1,
       count(*) FILTER (WHERE score_class = 2) AS class2,
       count(*) FILTER (WHERE score_class = 3) AS class3,
       count(*) FILTER (WHERE score_class = 4) AS class4,
       count(*) FILTER (WHERE score_class = 5) AS class5,
       coalesce(min(distance_method), 'network') AS distance_method
  FROM pg_temp.result_staging
