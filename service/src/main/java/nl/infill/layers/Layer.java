package nl.infill.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The whitelist of source layers: the only place where a layer name from a URL, a CLI argument
 * or a GeoPackage becomes a table identifier. Columns are the typed attributes (besides
 * {@code id}, {@code geom} and {@code load_id}) in the order of the tables in migration
 * {@code V2__layers.sql}. The database's copy of this list, table {@code layer_table} (which
 * tables the owner-rights bulk swap may empty), is made there too; {@code LayerWhitelistIT}
 * fails when the two differ, so a new layer is a constant here and a row there.
 */
public enum Layer {

    PARCELS("parcels", "parcel", "MultiPolygon",
            List.of(col("source_id", "text"), col("municipality", "text"), col("area_m2", "double"))),
    BUILDINGS("buildings", "building", "MultiPolygon",
            List.of(col("source_id", "text"), col("construction_year", "integer"), col("use", "text"),
                    col("storeys", "integer"), col("height_m", "double"), col("floor_area_m2", "double"),
                    col("status", "text"), col("monument", "boolean"), col("roof_type", "text"))),
    ZONING("zoning", "zoning", "MultiPolygon",
            List.of(col("source_id", "text"), col("plan_name", "text"), col("function", "text"),
                    col("max_height_m", "double"), col("max_coverage", "double"), col("max_fsi", "double"),
                    col("use_name", "text"), col("building_allowed", "boolean"), col("max_storeys", "integer"),
                    col("max_dwellings", "integer"), col("height_unknown", "boolean"), col("imro_ids", "text"),
                    col("rules", "text"))),
    AMENITIES("amenities", "amenity", "Point",
            List.of(col("source_id", "text"), col("type", "text"), col("name", "text"))),
    NEIGHBOURHOODS("neighbourhoods", "neighbourhood", "MultiPolygon",
            List.of(col("code", "text"), col("name", "text"), col("municipality", "text"),
                    col("year", "integer"), col("population", "integer"), col("pop_0_14_pct", "double"),
                    col("pop_15_24_pct", "double"), col("pop_25_44_pct", "double"),
                    col("pop_45_64_pct", "double"), col("pop_65plus_pct", "double"),
                    col("dwellings", "integer"))),
    STREETS("streets", "street", "LineString",
            List.of(col("source_id", "text"), col("class", "text"), col("name", "text"),
                    col("walkable", "boolean"))),
    CONSTRAINTS("constraints", "constraint_area", "MultiPolygon",
            List.of(col("source_id", "text"), col("kind", "text"), col("severity", "text"),
                    col("name", "text"))),
    /** BAG verblijfsobjecten: the units of a building; its use mix and floor area come from them. */
    UNITS("units", "building_unit", "Point",
            List.of(col("source_id", "text"), col("building_source_id", "text"), col("use", "text"),
                    col("usable_area_m2", "double"), col("status", "text")));

    /** A typed attribute column. */
    public record Column(String name, ColumnType type) {
    }

    private final String id;
    private final String table;
    private final String geometryType;
    private final List<Column> columns;

    Layer(String id, String table, String geometryType, List<Column> columns) {
        this.id = id;
        this.table = table;
        this.geometryType = geometryType;
        this.columns = columns;
    }

    /**
     * A column declared as above. The type is spelled by its {@link ColumnType#shortName()} so
     * that a column reads like the migration that made it; an unknown spelling fails when the
     * class loads, that is in the first test.
     */
    private static Column col(String name, String type) {
        return new Column(name, ColumnType.of(type));
    }

    /** The layer's public name: URL segment, CLI argument, GeoPackage table of the sample city. */
    public String id() {
        return id;
    }

    /** The table in the database; safe to use as an SQL identifier. */
    public String table() {
        return table;
    }

    /** PostGIS geometry type of the {@code geom} column (SRID 28992). */
    public String geometryType() {
        return geometryType;
    }

    public List<Column> columns() {
        return columns;
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public static Optional<Layer> byId(String id) {
        return Arrays.stream(values()).filter(l -> l.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Layer::id).toList();
    }
}
