-- The last complete sync of this GeoServer target, and whether it is recent enough to share.
SELECT fingerprint, state, synced_by, finished_at,
       finished_at > now() - make_interval(secs => :shareS) AS recent
  FROM publish_sync
 WHERE target = :target
