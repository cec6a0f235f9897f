-- The primary's WAL write position, compared with each standby's replay position (ReadReplicas).
SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text AS lsn
