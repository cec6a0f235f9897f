package nl.infill.tiles;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import nl.infill.catalogue.Collection;
import nl.infill.layers.Layer;

/**
 * A family of tile collections sharing one SQL statement: each source layer is a family of one
 * collection, the results families have one collection per scenario. {@code fields} are the MVT
 * attributes with the descriptions TileJSON publishes; they mirror the SQL file's select list.
 */
enum TileFamily {

    PARCELS("parcels", Layer.PARCELS, true, fields(
            "id", "Number: parcel id (also the feature id)",
            "area_m2", "Number: parcel area in m²")),
    BUILDINGS("buildings", Layer.BUILDINGS, true, fields(
            "id", "Number: building id",
            "construction_year", "Number: year of construction",
            "decade", "Number: decade of construction, e.g. 1970",
            "use", "String: BAG use, e.g. wonen, kantoor, winkel",
            "storeys", "Number: storeys above ground")),
    ZONING("zoning", Layer.ZONING, true, fields(
            "id", "Number: zoning plan object id",
            "function", "String: zoned function, e.g. wonen, gemengd, groen",
            "max_height_m", "Number: maximum building height in m",
            "max_coverage", "Number: maximum built share of the plot, 0..1",
            "max_fsi", "Number: maximum floor space index")),
    AMENITIES("amenities", Layer.AMENITIES, false, fields(
            "id", "Number: amenity id",
            "type", "String: supermarket, gp, pharmacy, primary_school, pt_stop, community_care, other",
            "name", "String: name")),
    NEIGHBOURHOODS("neighbourhoods", Layer.NEIGHBOURHOODS, true, fields(
            "id", "Number: neighbourhood id",
            "code", "String: CBS code, e.g. BU06370000",
            "name", "String: name",
            "population", "Number: inhabitants",
            "pop_65plus_pct", "Number: share of inhabitants aged 65 or over, %",
            "dwellings", "Number: dwellings")),
    STREETS("streets", Layer.STREETS, true, fields(
            "id", "Number: street segment id",
            "class", "String: path, minor, tertiary, primary, motorway, rail, ...",
            "name", "String: street name",
            "walkable", "Boolean: part of the walking network")),
    CONSTRAINTS("constraints", Layer.CONSTRAINTS, true, fields(
            "id", "Number: constraint area id",
            "kind", "String: kind of constraint, e.g. water, noise",
            "severity", "String: hard (masks parcels) or soft (lowers scores)",
            "name", "String: name")),
    UNITS("units", Layer.UNITS, false, fields(
            "id", "Number: unit id",
            "building_source_id", "String: BAG id of the building (pand) the unit lies in",
            "use", "String: use(s) of the unit, e.g. wonen or wonen,kantoor",
            "usable_area_m2", "Number: usable floor area (BAG gebruiksoppervlakte), m²")),
    RESULTS("results", null, true, fields(
            "parcel_id", "Number: parcel id (also the feature id)",
            "score", "Number: redevelopment potential 0..100, absent when excluded",
            "score_class", "Number: class 1..5, 5 = highest potential",
            "capacity_m2", "Number: extra floor area the zoning allows, m²",
            "extra_dwellings", "Number: extra dwellings that capacity holds",
            "excluded", "Boolean: excluded by a hard constraint or rule",
            "no_zoning", "Boolean: no zoning plan covers the parcel",
            "walk_gp_m", "Number: walking distance to the nearest GP, m",
            "walk_supermarket_m", "Number: walking distance to the nearest supermarket, m",
            "walk_pt_m", "Number: walking distance to the nearest public transport stop, m",
            "exclusion_reason", "String: why the parcel is excluded (a code of the presentation source)")),
    // (the scaled criteria travel beside the tile: GET /tiles/results-{slug}/{z}/{x}/{y}.criteria)
    NEIGHBOURHOOD_RESULTS("neighbourhood-results", null, true, fields(
            "id", "Number: neighbourhood id (also the feature id)",
            "code", "String: CBS code",
            "name", "String: name",
            "population", "Number: inhabitants",
            "pop_65plus_pct", "Number: share of inhabitants aged 65 or over, %",
            "dwellings", "Number: dwellings",
            "ageing_fit", "Number: capacity near GP, supermarket and transit weighted by the 65+ share",
            "capacity_m2", "Number: total extra floor area, m²",
            "extra_dwellings", "Number: total extra dwellings",
            "mean_score", "Number: mean parcel score 0..100"));

    private final String key;
    private final Layer layer;
    private final boolean sizeFiltered;
    private final Map<String, String> fields;

    /**
     * @param layer        the layer of a layer family; null for the per-scenario families
     * @param sizeFiltered polygons and lines: simplified and tiny ones skipped at low zoom
     */
    TileFamily(String key, Layer layer, boolean sizeFiltered, Map<String, String> fields) {
        this.key = key;
        this.layer = layer;
        this.sizeFiltered = sizeFiltered;
        this.fields = fields;
    }

    /** Config key ({@code infill.tiles.min-zoom.<key>}) and SQL file name. */
    String key() {
        return key;
    }

    boolean sizeFiltered() {
        return sizeFiltered;
    }

    Map<String, String> fields() {
        return fields;
    }

    String sqlFile() {
        return "tiles/" + key + ".sql";
    }

    static TileFamily of(Collection c) {
        return switch (c.kind()) {
            case PARCEL_RESULTS -> RESULTS;
            case NEIGHBOURHOOD_RESULTS -> NEIGHBOURHOOD_RESULTS;
            case LAYER -> {
                for (TileFamily f : values()) {
                    if (f.layer == c.id().layer()) {
                        yield f;
                    }
                }
                throw new IllegalArgumentException("no tile family for layer " + c.id());
            }
        };
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
