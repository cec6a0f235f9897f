package nl.infill.ingest;

import java.nio.file.Path;

/**
 * One load as asked by a user: the layer id (checked against {@code Layer}), the file on disk,
 * the name to report, and the optional preset, mapping file content, CRS and GeoPackage table.
 * A harvest has no file but {@code harvest}: the OGC API - Features collection to read instead
 * ({@code sourceName} is then its URL and {@code table} its collection).
 */
record LoadRequest(String layer, Path file, String sourceName, String preset, String mappingJson,
                   String crs, String table, HarvestRequest harvest) {

    LoadRequest(String layer, Path file, String sourceName, String preset, String mappingJson, String crs,
                String table) {
        this(layer, file, sourceName, preset, mappingJson, crs, table, null);
    }

    static LoadRequest harvest(String layer, HarvestRequest harvest, String preset, String mappingJson) {
        return new LoadRequest(layer, null, harvest.url(), preset, mappingJson, null, harvest.collection(), harvest);
    }
}
