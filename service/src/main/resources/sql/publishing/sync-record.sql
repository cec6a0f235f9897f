INSERT INTO publish_sync (target, fingerprint, state, synced_by, finished_at)
VALUES (:target, :fingerprint, :state, :syncedBy, now())
ON CONFLICT (target) DO UPDATE
   SET fingerprint = EXCLUDED.fingerprint, state = EXCLUDED.state, synced_by = EXCLUDED.synced_by,
       finished_at = EXCLUDED.finished_at
