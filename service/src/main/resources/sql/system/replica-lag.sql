-- One standby's replay position (ReadReplicas). On an ordinary database (not in recovery) both are
-- null: it is treated as current.
SELECT pg_is_in_recovery() AS in_recovery,
       pg_last_wal_replay_lsn()::text AS replay_lsn,
       extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000 AS replay_age_ms
