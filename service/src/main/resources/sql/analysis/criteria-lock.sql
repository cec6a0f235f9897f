-- Serialises criteria computation across runs of different scenarios (released at commit).
SELECT pg_advisory_xact_lock(hashtext('infill.analysis.criteria'))
