-- Publishing once across replicas (docs/scaling.md): every replica that starts would sync GeoServer
-- in full. The start-up sync runs under a cluster-wide advisory lock, one replica at a time, and
-- records here what it published; a replica starting after it skips its own sync when the same
-- data, results, styles and settings were published to the same GeoServer a short while ago and
-- GeoServer still has the workspace and datastore. Refreshes after a load or a run are made once
-- anyway: only the replica that made the change hears of it.
CREATE TABLE publish_sync (
    target       text PRIMARY KEY,          -- GeoServer REST URL and workspace
    fingerprint  text NOT NULL,             -- SHA-256 of what the sync published (versions, styles, settings, build)
    state        text NOT NULL,             -- the sync's outcome; only 'ok' lets another replica skip
    synced_by    text NOT NULL,             -- infill.instance-id of the replica that synced
    finished_at  timestamptz NOT NULL
);
COMMENT ON TABLE publish_sync IS 'The last complete GeoServer sync per target, so replicas starting together sync once.';
