-- Constraint areas: kind is required, severity hard or soft.
UPDATE ingest_ready SET reason = 'required attribute kind is missing' WHERE reason IS NULL AND kind IS NULL;
UPDATE ingest_ready SET reason = format('severity ''%s'' is not hard or soft', severity)
 WHERE reason IS NULL AND (severity IS NULL OR severity NOT IN ('hard', 'soft'))
