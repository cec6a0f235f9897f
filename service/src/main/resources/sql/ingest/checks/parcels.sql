-- Parcels: a given area must not be negative (a missing one is the planar area in RD: see
-- StagingStore's derived values). WHEN branches of the rejection reason in load-layer.sql
-- ({checks}), evaluated in the same pass.
WHEN area_m2 < 0 THEN format('area_m2 %s is negative', area_m2)
