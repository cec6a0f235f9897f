-- Neighbourhoods: counts are not negative, shares are percentages.
UPDATE ingest_ready SET reason = format('population %s is negative', population) WHERE reason IS NULL AND population < 0;
UPDATE ingest_ready SET reason = format('dwellings %s is negative', dwellings) WHERE reason IS NULL AND dwellings < 0;
UPDATE ingest_ready SET reason = format('pop_65plus_pct %s outside 0..100', pop_65plus_pct)
 WHERE reason IS NULL AND pop_65plus_pct NOT BETWEEN 0 AND 100
