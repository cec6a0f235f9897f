-- Totals over every result a spatial query matches (not only the returned page).
SELECT count(*)                              AS n,
       coalesce(sum(t.capacity_m2), 0)       AS capacity_m2,
       coalesce(sum(t.extra_dwellings), 0)   AS dwellings,
       avg(t.score)                          AS mean_score,
       count(*) FILTER (WHERE t.score_class = 1) AS c1,
       count(*) FILTER (WHERE t.score_class = 2) AS c2,
       count(*) FILTER (WHERE t.score_class = 3) AS c3,
       count(*) FILTER (WHERE t.score_class = 4) AS c4,
       count(*) FILTER (WHERE t.score_class = 5) AS c5
  FROM {from}
 WHERE {where}
