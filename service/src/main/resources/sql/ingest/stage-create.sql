-- Per-load staging table: the SOURCE geometry (source coordinates, no SRID yet: a GeoJSON crs
-- member may follow the features), the feature's position in the file, a rejection reason set
-- while reading (unreadable geometry, attribute of the wrong type) and the mapped attributes.
-- {columnDefs} comes from the Layer whitelist. Dropped at the end of the load's transaction.
-- valid is computed by PostgreSQL as the rows arrive: the COPY waits on the reader of the file
-- most of the time, so the geometry check (the costliest step of a load) runs in that idle time
-- instead of after it. Validity does not depend on the SRID; for RD sources it is the validity
-- of the geometry the layer gets (others are checked again after reprojection).
CREATE TEMP TABLE ingest_stage (
    idx    bigint NOT NULL,
    geom   geometry,
    reason text{columnDefs},
    valid  boolean GENERATED ALWAYS AS (ST_IsValid(geom)) STORED
) ON COMMIT DROP;
-- What the load noted per feature (rejected with a reason, repaired, reduced): written by
-- infill_ingest_note (migration V3__ingest) for those features only, read for the report.
CREATE TEMP TABLE ingest_notes (
    idx      bigint NOT NULL,
    reason   text,
    repaired boolean NOT NULL,
    reduced  boolean NOT NULL
) ON COMMIT DROP
