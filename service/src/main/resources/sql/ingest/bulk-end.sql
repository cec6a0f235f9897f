-- Puts back what bulk-begin.sql took off: each index built once over the new rows, each foreign
-- key checked in one pass (migration V52).
SELECT infill_bulk_swap_end(:table)
