-- Zoning: a function is required; rules within the zoning table's CHECK ranges. WHEN branches of
-- the rejection reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN function IS NULL THEN 'required attribute function is missing'
WHEN max_coverage NOT BETWEEN 0 AND 1 THEN format('max_coverage %s outside 0..1 (a fraction, not a percentage)', max_coverage)
WHEN max_height_m < 0 THEN format('max_height_m %s is negative', max_height_m)
WHEN max_fsi < 0 THEN format('max_fsi %s is negative', max_fsi)
WHEN max_storeys < 0 THEN format('max_storeys %s is negative', max_storeys)
WHEN max_dwellings < 0 THEN format('max_dwellings %s is negative', max_dwellings)
