-- Checked at the start of every run: EXISTS rather than count(*), which would scan the whole
-- parcel table (~0.1 s at 1,000,000 parcels) only to tell "none" from "some".
SELECT analysis.data_version() AS data_version,
       (SELECT version FROM layer_state WHERE layer = 'streets') AS streets_version,
       EXISTS (SELECT 1 FROM parcel) AS has_parcels
