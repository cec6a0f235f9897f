package nl.infill.data;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.attributes.AttributesColumn;
import mil.nga.geopackage.attributes.AttributesTableMetadata;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;

/**
 * Writes the sample city into one GeoPackage: NGA creates the file, the SRS row and the
 * feature/attribute tables (so the metadata tables are exactly as the spec wants them); rows go
 * in through plain JDBC batches, committed per row of blocks, so memory stays flat at any size.
 */
final class GpkgWriter implements AutoCloseable {

    /** EPSG's WKT 1 for Amersfoort / RD New, as registered by GDAL and PostGIS. */
    static final String RD_NEW_WKT = "PROJCS[\"Amersfoort / RD New\",GEOGCS[\"Amersfoort\","
            + "DATUM[\"Amersfoort\",SPHEROID[\"Bessel 1841\",6377397.155,299.1528128,AUTHORITY[\"EPSG\",\"7004\"]],"
            + "TOWGS84[565.2369,50.0087,465.658,-0.406857,0.350733,-1.87035,4.0812],AUTHORITY[\"EPSG\",\"6289\"]],"
            + "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4289\"]],"
            + "PROJECTION[\"Oblique_Stereographic\"],PARAMETER[\"latitude_of_origin\",52.1561605555556],"
            + "PARAMETER[\"central_meridian\",5.38763888888889],PARAMETER[\"scale_factor\",0.9999079],"
            + "PARAMETER[\"false_easting\",155000],PARAMETER[\"false_northing\",463000],"
            + "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],"
            + "AUTHORITY[\"EPSG\",\"28992\"]]";

    /** Table name -> geometry type and attribute columns (name, type), mirroring Layer.java. */
    static final Map<String, TableSpec> TABLES = new LinkedHashMap<>();

    record TableSpec(GeometryType geometryType, List<String[]> columns) {
    }

    static {
        TABLES.put("parcels", new TableSpec(GeometryType.MULTIPOLYGON, cols(
                "source_id", "text", "municipality", "text", "area_m2", "double")));
        TABLES.put("buildings", new TableSpec(GeometryType.MULTIPOLYGON, cols(
                "source_id", "text", "construction_year", "integer", "use", "text", "storeys", "integer",
                "height_m", "double", "floor_area_m2", "double", "status", "text", "monument", "boolean")));
        TABLES.put("zoning", new TableSpec(GeometryType.MULTIPOLYGON, cols(
                "source_id", "text", "plan_name", "text", "function", "text", "max_height_m", "double",
                "max_coverage", "double", "max_fsi", "double")));
        TABLES.put("amenities", new TableSpec(GeometryType.POINT, cols(
                "source_id", "text", "type", "text", "name", "text")));
        TABLES.put("neighbourhoods", new TableSpec(GeometryType.MULTIPOLYGON, cols(
                "code", "text", "name", "text", "municipality", "text", "year", "integer",
                "population", "integer", "pop_0_14_pct", "double", "pop_15_24_pct", "double",
                "pop_25_44_pct", "double", "pop_45_64_pct", "double", "pop_65plus_pct", "double",
                "dwellings", "integer")));
        TABLES.put("streets", new TableSpec(GeometryType.LINESTRING, cols(
                "source_id", "text", "class", "text", "name", "text", "walkable", "boolean")));
        TABLES.put("constraints", new TableSpec(GeometryType.MULTIPOLYGON, cols(
                "source_id", "text", "kind", "text", "severity", "text", "name", "text")));
        TABLES.put("units", new TableSpec(GeometryType.POINT, cols(
                "source_id", "text", "building_source_id", "text", "use", "text", "usable_area_m2", "double",
                "status", "text")));
    }

    static final String GEOMETRY_COLUMN = "geom";
    static final String CANDIDATES_TABLE = "planted_candidates";

    private static List<String[]> cols(String... nameType) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            out.add(new String[] {nameType[i], nameType[i + 1]});
        }
        return List.copyOf(out);
    }

    private final GeoPackage geoPackage;
    private final Connection connection;
    private final Map<String, PreparedStatement> inserts = new LinkedHashMap<>();
    private final Map<String, double[]> extents = new LinkedHashMap<>();
    private final PreparedStatement candidateInsert;

    GpkgWriter(Path file) throws IOException {
        GeoPackageManager.create(file.toFile());
        this.geoPackage = GeoPackageManager.open(file.toFile());
        try {
            registerRdNew();
            for (Map.Entry<String, TableSpec> e : TABLES.entrySet()) {
                createFeatureTable(e.getKey(), e.getValue());
            }
            List<AttributesColumn> candidateColumns = List.of(
                    AttributesColumn.createColumn("parcel_source_id", GeoPackageDataType.TEXT),
                    AttributesColumn.createColumn("kind", GeoPackageDataType.TEXT),
                    AttributesColumn.createColumn("note", GeoPackageDataType.TEXT));
            geoPackage.createAttributesTable(AttributesTableMetadata.create(CANDIDATES_TABLE, candidateColumns));
            this.connection = geoPackage.getConnection().getConnection();
            try (Statement s = connection.createStatement()) {
                // The file is written under a temporary name and moved into place when complete,
                // so a crash can never leave a half-written sample city behind: no journal needed.
                s.execute("PRAGMA journal_mode=OFF");
                s.execute("PRAGMA synchronous=OFF");
                // Only GeoPackage 1.2/1.3 features are used; declaring 1.3 lets GDAL 3.6 (Debian 12,
                // QGIS) open the file without a "partially supported version" warning.
                s.execute("PRAGMA user_version=10300");
            }
            connection.setAutoCommit(false);
            for (Map.Entry<String, TableSpec> e : TABLES.entrySet()) {
                StringBuilder sql = new StringBuilder("INSERT INTO \"").append(e.getKey()).append("\" (")
                        .append(GEOMETRY_COLUMN);
                StringBuilder values = new StringBuilder("?");
                for (String[] c : e.getValue().columns()) {
                    sql.append(", \"").append(c[0]).append('"');
                    values.append(", ?");
                }
                sql.append(") VALUES (").append(values).append(')');
                inserts.put(e.getKey(), connection.prepareStatement(sql.toString()));
                extents.put(e.getKey(), new double[] {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                        -Double.MAX_VALUE});
            }
            candidateInsert = connection.prepareStatement("INSERT INTO " + CANDIDATES_TABLE
                    + " (parcel_source_id, kind, note) VALUES (?, ?, ?)");
        } catch (SQLException | RuntimeException e) {
            geoPackage.close();
            throw new IOException("cannot create GeoPackage " + file + ": " + e.getMessage(), e);
        }
    }

    private void registerRdNew() {
        SpatialReferenceSystem srs = new SpatialReferenceSystem();
        srs.setSrsName("Amersfoort / RD New");
        srs.setSrsId(GpkgGeometry.SRS_ID);
        srs.setOrganization("EPSG");
        srs.setOrganizationCoordsysId(GpkgGeometry.SRS_ID);
        srs.setDefinition(RD_NEW_WKT);
        srs.setDescription("Rijksdriehoeksstelsel, the Dutch national grid (metres, easting/northing)");
        try {
            geoPackage.getSpatialReferenceSystemDao().create(srs);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register EPSG:28992", e);
        }
    }

    private void createFeatureTable(String table, TableSpec spec) {
        GeometryColumns gc = new GeometryColumns();
        gc.setTableName(table);
        gc.setColumnName(GEOMETRY_COLUMN);
        gc.setGeometryType(spec.geometryType());
        gc.setZ((byte) 0);
        gc.setM((byte) 0);
        gc.setSrsId(GpkgGeometry.SRS_ID);
        List<FeatureColumn> columns = new ArrayList<>();
        for (String[] c : spec.columns()) {
            columns.add(FeatureColumn.createColumn(c[0], switch (c[1]) {
                case "text" -> GeoPackageDataType.TEXT;
                case "integer" -> GeoPackageDataType.INTEGER;
                case "double" -> GeoPackageDataType.REAL;
                case "boolean" -> GeoPackageDataType.BOOLEAN;
                default -> throw new IllegalArgumentException(c[1]);
            }));
        }
        geoPackage.createFeatureTable(FeatureTableMetadata.create(gc, columns, new BoundingBox()));
    }

    /** Adds one feature; values in the column order of {@link #TABLES}. */
    void add(String table, byte[] geometry, double minX, double minY, double maxX, double maxY,
            Object... values) {
        PreparedStatement ps = inserts.get(table);
        try {
            ps.setBytes(1, geometry);
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) {
                    ps.setNull(i + 2, Types.NULL);
                } else if (v instanceof Boolean bool) {
                    ps.setInt(i + 2, bool ? 1 : 0);
                } else {
                    ps.setObject(i + 2, v);
                }
            }
            ps.addBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write a " + table + " feature", e);
        }
        double[] ext = extents.get(table);
        ext[0] = Math.min(ext[0], minX);
        ext[1] = Math.min(ext[1], minY);
        ext[2] = Math.max(ext[2], maxX);
        ext[3] = Math.max(ext[3], maxY);
    }

    void candidate(String parcelSourceId, String kind, String note) {
        try {
            candidateInsert.setString(1, parcelSourceId);
            candidateInsert.setString(2, kind);
            candidateInsert.setString(3, note);
            candidateInsert.addBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write a planted candidate", e);
        }
    }

    /** Sends pending batches and commits: called once per row of blocks. */
    void flush() {
        try {
            for (PreparedStatement ps : inserts.values()) {
                ps.executeBatch();
            }
            candidateInsert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the GeoPackage", e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?")) {
                for (Map.Entry<String, double[]> e : extents.entrySet()) {
                    double[] ext = e.getValue();
                    if (ext[0] > ext[2]) {
                        continue;
                    }
                    for (int i = 0; i < 4; i++) {
                        ps.setDouble(i + 1, ext[i]);
                    }
                    ps.setString(5, e.getKey());
                    ps.executeUpdate();
                }
            }
            connection.commit();
            for (PreparedStatement ps : inserts.values()) {
                ps.close();
            }
            candidateInsert.close();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot finish the GeoPackage", e);
        } finally {
            geoPackage.close();
        }
    }
}
