-- Zoning: a function is required; rules within the zoning table's CHECK ranges.
UPDATE ingest_ready SET reason = 'required attribute function is missing' WHERE reason IS NULL AND function IS NULL;
UPDATE ingest_ready SET reason = format('max_coverage %s outside 0..1 (a fraction, not a percentage)', max_coverage)
 WHERE reason IS NULL AND max_coverage NOT BETWEEN 0 AND 1;
UPDATE ingest_ready SET reason = format('max_height_m %s is negative', max_height_m) WHERE reason IS NULL AND max_height_m < 0;
UPDATE ingest_ready SET reason = format('max_fsi %s is negative', max_fsi) WHERE reason IS NULL AND max_fsi < 0
