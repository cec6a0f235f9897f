package nl.infill.ingest;

import java.nio.file.Path;

/**
 * One load as asked by a user: the layer id (checked against {@code Layer}), the file on disk,
 * the name to report, and the optional preset, mapping file content, CRS and GeoPackage table.
 */
record LoadRequest(String layer, Path file, String sourceName, String preset, String mappingJson,
                   String crs, String table) {
}
