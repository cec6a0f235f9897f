-- Buildings: the value ranges of the building table's CHECK constraints, as rejections (one scan).
UPDATE ingest_ready
   SET reason = CASE
           WHEN construction_year NOT BETWEEN 1000 AND 2100 THEN format('construction_year %s outside 1000..2100', construction_year)
           WHEN storeys < 0 THEN format('storeys %s is negative', storeys)
           WHEN height_m < 0 THEN format('height_m %s is negative', height_m)
           WHEN floor_area_m2 < 0 THEN format('floor_area_m2 %s is negative', floor_area_m2)
       END
 WHERE reason IS NULL
   AND (construction_year NOT BETWEEN 1000 AND 2100 OR storeys < 0 OR height_m < 0 OR floor_area_m2 < 0)
