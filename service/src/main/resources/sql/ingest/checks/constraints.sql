-- Constraint areas: kind is required, severity hard or soft (one scan).
UPDATE ingest_ready
   SET reason = CASE
           WHEN kind IS NULL THEN 'required attribute kind is missing'
           ELSE format('severity ''%s'' is not hard or soft', severity)
       END
 WHERE reason IS NULL
   AND (kind IS NULL OR severity IS NULL OR severity NOT IN ('hard', 'soft'))
