-- Units (BAG verblijfsobjecten): the value ranges of the building_unit table's CHECK constraints.
-- WHEN branches of the rejection reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN usable_area_m2 < 0 THEN format('usable_area_m2 %s is negative', usable_area_m2)
