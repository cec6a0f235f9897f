-- Buildings: the value ranges of the building table's CHECK constraints, as rejections.
UPDATE ingest_ready SET monument = false WHERE monument IS NULL;
UPDATE ingest_ready SET reason = format('construction_year %s outside 1000..2100', construction_year)
 WHERE reason IS NULL AND construction_year NOT BETWEEN 1000 AND 2100;
UPDATE ingest_ready SET reason = format('storeys %s is negative', storeys) WHERE reason IS NULL AND storeys < 0;
UPDATE ingest_ready SET reason = format('height_m %s is negative', height_m) WHERE reason IS NULL AND height_m < 0;
UPDATE ingest_ready SET reason = format('floor_area_m2 %s is negative', floor_area_m2) WHERE reason IS NULL AND floor_area_m2 < 0
