-- Parcels whose result differs most between scenarios a and b first (score, then capacity).
SELECT a.parcel_id, p.source_id,
       a.score AS score_a, b.score AS score_b, b.score - a.score AS score_diff,
       a.score_class AS class_a, b.score_class AS class_b,
       a.capacity_m2 AS capacity_a, b.capacity_m2 AS capacity_b, b.capacity_m2 - a.capacity_m2 AS capacity_diff,
       a.excluded AS excluded_a, b.excluded AS excluded_b
  FROM parcel_result a
  JOIN parcel_result b ON b.parcel_id = a.parcel_id AND b.scenario_id = :b
  JOIN parcel p ON p.id = a.parcel_id
 WHERE a.scenario_id = :a
 ORDER BY abs(coalesce(b.score, 0) - coalesce(a.score, 0)) DESC,
          abs(b.capacity_m2 - a.capacity_m2) DESC, a.parcel_id
 LIMIT :limit OFFSET :offset
