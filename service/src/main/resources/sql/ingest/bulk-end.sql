-- Puts back what bulk-begin.sql took off: each index built once over the new rows (migration V3__ingest).
SELECT infill_bulk_swap_end(:table)
