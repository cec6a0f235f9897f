-- The first rejected features in file order, for the load report.
SELECT idx, reason FROM ingest_notes WHERE reason IS NOT NULL ORDER BY idx LIMIT :limit
