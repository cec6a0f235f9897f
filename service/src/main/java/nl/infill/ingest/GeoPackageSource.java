package nl.infill.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.infill.system.ApiProblem;

/**
 * Streams the rows of one feature table of a GeoPackage. The file is opened read-only with the
 * SQLite JDBC driver and read with plain SQL on the tables the GeoPackage standard (OGC 12-128)
 * defines: {@code gpkg_contents} lists the feature tables, {@code gpkg_geometry_columns} and
 * {@code gpkg_spatial_ref_sys} give the geometry column and CRS. (NGA geopackage-java, which
 * writes our exports and the sample city, took 0.3-0.8 s to open a file in a fresh JVM, for a
 * DAO layer this reader does not use.) Rows are read with one SQLite cursor, only the attributes
 * the mapping reads, and the geometry blob's GeoPackage header is skipped so that the WKB goes to
 * PostGIS without being parsed here. Table and column names come from the file itself and are
 * quoted.
 */
final class GeoPackageSource implements FeatureSource {

    private final Connection gpkg;
    private final String table;
    private final String geomColumn;
    private final String geometryTypeName;
    private final String declaredCrs;
    private final Set<String> attributes = new LinkedHashSet<>();
    private Set<String> wanted;

    private GeoPackageSource(Connection gpkg, String table, String geomColumn, String geometryTypeName,
                             String declaredCrs) {
        this.gpkg = gpkg;
        this.table = table;
        this.geomColumn = geomColumn;
        this.geometryTypeName = geometryTypeName;
        this.declaredCrs = declaredCrs;
    }

    /** Feature tables of a GeoPackage file; a 422 problem when the file is not a GeoPackage. */
    static List<String> featureTables(java.nio.file.Path file) {
        Connection g = openGpkg(file);
        try {
            return featureTables(g);
        } catch (SQLException e) {
            throw ApiProblem.unprocessable("file", "The GeoPackage cannot be read: " + e.getMessage(), null);
        } finally {
            closeQuietly(g);
        }
    }

    private static List<String> featureTables(Connection g) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (var st = g.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /**
     * Opens {@code file} and picks the table: {@code wanted} when given, else the preset's default
     * table when present, else the only feature table.
     */
    static GeoPackageSource open(java.nio.file.Path file, String wanted, String presetTable) {
        Connection g = openGpkg(file);
        try {
            List<String> tables = featureTables(g);
            if (tables.isEmpty()) {
                throw ApiProblem.unprocessable("file", "The GeoPackage has no feature tables (empty).", null);
            }
            String table;
            if (wanted != null) {
                if (!tables.contains(wanted)) {
                    throw ApiProblem.unprocessable("table", "The GeoPackage has no feature table '" + wanted
                            + "'. Its feature tables: " + String.join(", ", tables) + ".", null);
                }
                table = wanted;
            } else if (presetTable != null && tables.contains(presetTable)) {
                table = presetTable;
            } else if (tables.size() == 1) {
                table = tables.get(0);
            } else {
                throw ApiProblem.unprocessable("table", "The GeoPackage has several feature tables ("
                        + String.join(", ", tables) + "): choose one with --gpkg-table / 'table'.", null);
            }
            Connection c = g;
            String geomColumn;
            String typeName;
            String crs;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT gc.column_name, gc.geometry_type_name, s.organization, s.organization_coordsys_id, s.srs_id
                      FROM gpkg_geometry_columns gc
                      LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = gc.srs_id
                     WHERE gc.table_name = ?""")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.unprocessable("table", "Table '" + table + "' has no geometry column.", null);
                    }
                    geomColumn = rs.getString(1);
                    typeName = rs.getString(2);
                    String org = rs.getString(3);
                    int code = rs.getInt(4);
                    int srsId = rs.getInt(5);
                    crs = org != null && org.equalsIgnoreCase("EPSG") && code > 0 ? "EPSG:" + code
                            : srsId > 0 && org == null ? "EPSG:" + srsId : null;
                }
            }
            GeoPackageSource s = new GeoPackageSource(g, table, geomColumn, typeName, crs);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + quote(table) + " LIMIT 0")) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (!md.getColumnName(i).equals(geomColumn)) {
                        s.attributes.add(md.getColumnName(i));
                    }
                }
            }
            return s;
        } catch (SQLException e) {
            closeQuietly(g);
            throw ApiProblem.unprocessable("file", "The GeoPackage cannot be read: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            closeQuietly(g);
            throw e;
        }
    }

    /** Opens the file read-only; a 422 problem unless it is an SQLite database with the GeoPackage's required tables. */
    private static Connection openGpkg(java.nio.file.Path file) {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: a load never writes to the user's file
        Connection c = null;
        try {
            c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') "
                            + "AND name IN ('gpkg_contents', 'gpkg_spatial_ref_sys', 'gpkg_geometry_columns')")) {
                if (rs.next() && rs.getInt(1) == 3) {
                    return c;
                }
            }
        } catch (SQLException e) {
            // not an SQLite database, or a damaged one: the same answer below
        }
        closeQuietly(c);
        throw ApiProblem.unprocessable("file", "The file is not a GeoPackage (an SQLite database with "
                + "gpkg_contents, gpkg_spatial_ref_sys and gpkg_geometry_columns).", null);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a read-only file: nothing to lose
            }
        }
    }

    /** The declared geometry type of the table, e.g. MULTIPOLYGON or GEOMETRY. */
    String geometryTypeName() {
        return geometryTypeName;
    }

    @Override
    public String format() {
        return "gpkg";
    }

    @Override
    public String table() {
        return table;
    }

    /** SQLite counts a table without reading its blobs; for the progress line's percent. */
    @Override
    public Long total() {
        try (ResultSet rs = gpkg.createStatement().executeQuery("SELECT count(*) FROM " + quote(table))) {
            return rs.next() ? rs.getLong(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public Set<String> attributes() {
        return attributes;
    }

    @Override
    public String declaredCrs() {
        return declaredCrs;
    }

    @Override
    public String where(long index) {
        return table + " row " + index;
    }

    @Override
    public void readOnly(Set<String> attributes) {
        this.wanted = attributes;
    }

    @Override
    public void read(Sink sink) {
        Connection c = gpkg;
        List<String> cols = new ArrayList<>(wanted == null ? attributes
                : attributes.stream().filter(wanted::contains).toList());
        StringBuilder sql = new StringBuilder("SELECT ").append(quote(geomColumn));
        for (String col : cols) {
            sql.append(", ").append(quote(col));
        }
        sql.append(" FROM ").append(quote(table));
        try (var st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery(sql.toString())) {
                long index = 0;
                while (rs.next()) {
                    Map<String, Object> props = new HashMap<>(cols.size() * 2);
                    for (int i = 0; i < cols.size(); i++) {
                        props.put(cols.get(i), rs.getObject(i + 2));
                    }
                    byte[] blob = rs.getBytes(1);
                    feature(index++, blob, props, sink);
                }
            }
        } catch (SQLException e) {
            throw ApiProblem.unprocessable(table, "The GeoPackage table cannot be read: " + e.getMessage(), null);
        }
    }

    private static void feature(long index, byte[] blob, Map<String, Object> props, Sink sink) {
        if (blob == null) {
            sink.feature(index, null, null, props, null);
            return;
        }
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            sink.feature(index, null, null, props, "geometry is not a GeoPackage geometry blob");
            return;
        }
        int flags = blob[3];
        boolean empty = (flags & 0x10) != 0;
        boolean extended = (flags & 0x20) != 0;
        int envelope = (flags >> 1) & 0x07;
        int envelopeBytes = switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> -1;
        };
        if (envelopeBytes < 0 || extended || blob.length < 8 + envelopeBytes + 5) {
            sink.feature(index, null, null, props, "geometry blob has an unsupported header");
            return;
        }
        int off = 8 + envelopeBytes;
        byte[] wkb = java.util.Arrays.copyOfRange(blob, off, blob.length);
        String type = wkbTypeName(wkb);
        sink.feature(index, type, empty ? null : wkb, props, null);
    }

    /** The OGC type name of a WKB geometry (ISO and EWKB codes; Z/M variants share the base name). */
    static String wkbTypeName(byte[] wkb) {
        boolean little = wkb[0] == 1;
        int t = little
                ? (wkb[1] & 0xff) | (wkb[2] & 0xff) << 8 | (wkb[3] & 0xff) << 16 | (wkb[4] & 0xff) << 24
                : (wkb[4] & 0xff) | (wkb[3] & 0xff) << 8 | (wkb[2] & 0xff) << 16 | (wkb[1] & 0xff) << 24;
        int base = (t & 0x0fffffff) % 1000;
        return switch (base) {
            case 1 -> "Point";
            case 2 -> "LineString";
            case 3 -> "Polygon";
            case 4 -> "MultiPoint";
            case 5 -> "MultiLineString";
            case 6 -> "MultiPolygon";
            case 7 -> "GeometryCollection";
            default -> "Geometry" + base;
        };
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        closeQuietly(gpkg);
    }
}
