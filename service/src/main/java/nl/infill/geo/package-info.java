/**
 * Coordinate reference systems, shared by the modules that read coordinates from outside:
 * {@code ingest} (names in files, plausible ranges per CRS) and {@code features} (the CRSs the
 * OGC API serves). Depends on {@code system} only; owns no table.
 */
package nl.infill.geo;
