-- Empties the layer before load-layer.sql fills it, in the load's one transaction after the
-- layer_state row is locked. DELETE keeps the indexes and lets readers go on seeing the old rows
-- until the load commits: the way for loads under infill.ingest.bulk-swap-rows. {table} from the
-- Layer whitelist.
DELETE FROM {table}
