-- The load report's counts from the notes: repaired and reduced among the loaded features, and
-- the rejected ones (usable = staged - rejected, known to the caller).
SELECT count(*) FILTER (WHERE reason IS NULL AND repaired) AS repaired,
       count(*) FILTER (WHERE reason IS NULL AND reduced)  AS reduced,
       count(*) FILTER (WHERE reason IS NOT NULL)          AS rejected
  FROM ingest_notes
