SELECT pg_advisory_unlock(hashtext('infill.publishing.sync'))
