-- Gives the read-only role infill_publish LOGIN with the configured password (quoted in V40).
SELECT infill_publish_enable_login(:password)
