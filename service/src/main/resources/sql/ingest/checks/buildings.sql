-- Buildings: the value ranges of the building table's CHECK constraints. WHEN branches of the
-- rejection reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN construction_year NOT BETWEEN 1000 AND 2100 THEN format('construction_year %s outside 1000..2100', construction_year)
WHEN storeys < 0 THEN format('storeys %s is negative', storeys)
WHEN height_m < 0 THEN format('height_m %s is negative', height_m)
WHEN floor_area_m2 < 0 THEN format('floor_area_m2 %s is negative', floor_area_m2)
