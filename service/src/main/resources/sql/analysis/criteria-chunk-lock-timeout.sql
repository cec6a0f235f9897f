-- A worker's wait for a lock on a layer table, for this transaction only. The run's transaction holds
-- these locks already (criteria-chunk-layers-lock.sql), so a worker waits only when a stronger lock (a
-- load's TRUNCATE) is queued behind the run, which waits on the worker: nothing would move until a
-- statement timeout. A literal: SET takes no bind parameter.
SET LOCAL lock_timeout = '1s'
