SELECT count(*) AS parcels,
       count(*) FILTER (WHERE a.score_class IS DISTINCT FROM b.score_class) AS class_changed,
       count(*) FILTER (WHERE b.score > a.score) AS score_up,
       count(*) FILTER (WHERE b.score < a.score) AS score_down,
       coalesce(sum(b.capacity_m2 - a.capacity_m2), 0) AS capacity_diff
  FROM parcel_result a
  JOIN parcel_result b ON b.parcel_id = a.parcel_id AND b.scenario_id = :b
 WHERE a.scenario_id = :a
