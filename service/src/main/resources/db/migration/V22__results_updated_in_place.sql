-- A re-score rewrites every row of its scenario in parcel_result. Deleting and inserting them cost
-- two index entries, a foreign-key check and a new heap tuple per parcel (plus dead tuples for
-- autovacuum): about 22 us per parcel, 2.3 s of a 100,000-parcel re-score. Runs now update the rows
-- in place (INSERT ... ON CONFLICT DO UPDATE, score.sql); no indexed column changes, so with room
-- left on every page PostgreSQL makes them heap-only (HOT) updates: no index work, no foreign-key
-- check, and the previous version is pruned from the page by the next re-score without vacuum.
-- Half of each page is kept free for that; the table is about twice as large on disk.
ALTER TABLE parcel_result SET (fillfactor = 50);
