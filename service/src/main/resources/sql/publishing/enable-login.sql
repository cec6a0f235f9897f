-- Gives the read-only role infill_publish LOGIN with the configured password (quoted in V5__publishing).
SELECT infill_publish_enable_login(:password)
