-- Counts of the prepared features: usable ones, repaired and reduced among them, rejected.
SELECT count(*) FILTER (WHERE reason IS NULL)                 AS usable,
       count(*) FILTER (WHERE reason IS NULL AND repaired)    AS repaired,
       count(*) FILTER (WHERE reason IS NULL AND reduced)     AS reduced,
       count(*) FILTER (WHERE reason IS NOT NULL)             AS rejected
  FROM ingest_ready
