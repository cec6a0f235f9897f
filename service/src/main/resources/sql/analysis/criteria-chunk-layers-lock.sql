-- The layers the chunk workers read, locked by the run's transaction before it exports its snapshot:
-- a load's TRUNCATE (not MVCC-safe: an older snapshot would see the table empty) cannot then commit
-- while a worker still reads with that snapshot. Waits, like the single statement would, for a load
-- that already holds one of them.
LOCK TABLE parcel, building, building_unit, zoning, constraint_area, neighbourhood IN ACCESS SHARE MODE
