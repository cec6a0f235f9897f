-- Per-load staging table: the SOURCE geometry (source coordinates, no SRID yet: a GeoJSON crs
-- member may follow the features), the feature's position in the file, a rejection reason set
-- while reading (unreadable geometry, attribute of the wrong type) and the mapped attributes.
-- {columnDefs} comes from the Layer whitelist. Dropped at the end of the load's transaction.
CREATE TEMP TABLE ingest_stage (
    idx    bigint NOT NULL,
    geom   geometry,
    reason text{columnDefs}
) ON COMMIT DROP
