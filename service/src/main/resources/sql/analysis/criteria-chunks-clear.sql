-- Leftovers of a failed parallel computation (serialised by criteria-lock.sql, so no other run's rows)
DELETE FROM analysis.criteria_chunk
