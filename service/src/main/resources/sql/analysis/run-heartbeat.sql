-- The executor is alive: push its lease on. No row when the run is no longer this replica's.
-- A heartbeat is not worth a WAL flush; losing one in a crash only shortens the lease.
UPDATE analysis_run SET lease_until = now() + make_interval(secs => :leaseS)
 WHERE id = :id AND owner = :owner AND status = 'running'
