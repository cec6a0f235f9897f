-- Neighbourhoods: counts are not negative, shares are percentages. WHEN branches of the
-- rejection reason in load-layer.sql ({checks}), evaluated in the same pass.
WHEN population < 0 THEN format('population %s is negative', population)
WHEN dwellings < 0 THEN format('dwellings %s is negative', dwellings)
WHEN pop_65plus_pct NOT BETWEEN 0 AND 100 THEN format('pop_65plus_pct %s outside 0..100', pop_65plus_pct)
