-- The cluster-wide GeoServer sync lock, held by the session of a connection of its own for the
-- length of a start-up sync (HTTP calls included); false while another replica holds it.
SELECT pg_try_advisory_lock(hashtext('infill.publishing.sync'))
