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


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.ProgressHandler;

import nl.infill.system.UnprocessableInput;

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
 *
 * <p>An uploaded file is hostile until proven otherwise (docs/security.md, "Hostile uploads"). It
 * is opened read-only, so none of its triggers can fire (only writes fire them), with
 * {@code trusted_schema} off, so no view or trigger in it may call a function with side effects;
 * the GeoPackage tables and the feature table must be plain tables: a view can compute rows without
 * end (a recursive CTE) or spin without producing one, a virtual table runs module code and a
 * generated column computes its value on every read. SQLite's progress handler stops any statement
 * once the load's time is up, and the loader bounds rows and bytes as they arrive.
 */
final class GeoPackageSource extends FileSource {

    private static final Logger log = LoggerFactory.getLogger(GeoPackageSource.class);

    /** SQLite virtual machine steps between two looks at the clock: about 1 ms of work. */
    private static final int PROGRESS_STEPS = 10_000;

    private final Connection gpkg;
    private final LoadLimits limits;
    private final String table;
    private final String geomColumn;
    private final String geometryTypeName;
    private Set<String> wanted;

    private GeoPackageSource(Connection gpkg, LoadLimits limits, String table, String geomColumn,
                             String geometryTypeName, String declaredCrs) {
        super("gpkg");
        this.gpkg = gpkg;
        this.limits = limits;
        this.table = table;
        this.geomColumn = geomColumn;
        this.geometryTypeName = geometryTypeName;
        this.declaredCrs = declaredCrs;
    }

    /** Feature tables of a GeoPackage file; a 422 problem when the file is not a GeoPackage. */
    static List<String> featureTables(java.nio.file.Path file) {
        LoadLimits limits = LoadLimits.timeOnly(java.time.Duration.ofMinutes(1));
        Connection g = openGpkg(file, limits);
        try {
            return featureTables(g);
        } catch (SQLException e) {
            throw unreadable(e, limits, "file");
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
    static GeoPackageSource open(java.nio.file.Path file, String wanted, String presetTable, LoadLimits limits) {
        Connection g = openGpkg(file, limits);
        try {
            List<String> tables = featureTables(g);
            if (tables.isEmpty()) {
                throw new UnprocessableInput("file", "The GeoPackage has no feature tables (empty).");
            }
            String table;
            if (wanted != null) {
                if (!tables.contains(wanted)) {
                    throw new UnprocessableInput("table", "The GeoPackage has no feature table '" + wanted
                            + "'. Its feature tables: " + String.join(", ", tables) + ".");
                }
                table = wanted;
            } else if (presetTable != null && tables.contains(presetTable)) {
                table = presetTable;
            } else if (tables.size() == 1) {
                table = tables.get(0);
            } else {
                throw new UnprocessableInput("table", "The GeoPackage has several feature tables ("
                        + String.join(", ", tables) + "): choose one with --gpkg-table / 'table'.");
            }
            Connection c = g;
            checkPlainTable(c, table);
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
                        throw new UnprocessableInput("table", "Table '" + table + "' has no geometry column.");
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
            GeoPackageSource s = new GeoPackageSource(g, limits, table, geomColumn, typeName, crs);
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
            throw unreadable(e, limits, "file");
        } catch (RuntimeException e) {
            closeQuietly(g);
            throw e;
        }
    }

    /**
     * Refuses a feature table that is not a plain table: a view (which may compute rows without
     * end), a virtual table (module code) or a table with generated columns (computed on every read).
     */
    private static void checkPlainTable(Connection c, String table) throws SQLException {
        String type = null;
        String sql = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    type = rs.getString(1);
                    sql = rs.getString(2);
                }
            }
        }
        if (type == null) {
            throw new UnprocessableInput("table " + table, "gpkg_contents lists table '" + table
                    + "', but the file has no such table.");
        }
        if (type.equals("view")) {
            throw new UnprocessableInput("table " + table, "'" + table + "' is an SQLite view, not a table. "
                    + "Infill loads feature tables only (a view computes its rows when read, possibly without end); "
                    + "save the view's rows as a table, e.g. with ogr2ogr, and upload that.");
        }
        if (sql != null && sql.regionMatches(true, 0, "CREATE VIRTUAL TABLE", 0, 20)) {
            throw new UnprocessableInput("table " + table, "'" + table + "' is an SQLite virtual table, "
                    + "not a plain table; Infill loads plain feature tables only.");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3) ORDER BY cid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new UnprocessableInput("table " + table, "Column '" + rs.getString(1) + "' of table '"
                            + table + "' is a generated (computed) column; Infill loads stored values only. "
                            + "Save the table with ogr2ogr and upload that.");
                }
            }
        }
    }

    /**
     * Opens the file read-only, with untrusted schema and the load's deadline; a 422 problem unless it
     * is an SQLite database whose GeoPackage tables are plain tables.
     */
    private static Connection openGpkg(java.nio.file.Path file, LoadLimits limits) {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: a load never writes to the user's file, so no trigger fires
        Connection c = null;
        try {
            c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
            ProgressHandler.setHandler(c, PROGRESS_STEPS, new ProgressHandler() {
                @Override
                protected int progress() {
                    // non-zero interrupts the running statement (SQLITE_INTERRUPT), even one that returns no row
                    return limits.expired() || Thread.currentThread().isInterrupted() ? 1 : 0;
                }
            });
            try (var st = c.createStatement()) {
                // functions with side effects may not run from the file's own views, triggers or defaults
                st.execute("PRAGMA trusted_schema = OFF");
                st.execute("PRAGMA query_only = ON");
                try (ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                + "AND name IN ('gpkg_contents', 'gpkg_spatial_ref_sys', 'gpkg_geometry_columns')")) {
                    if (rs.next() && rs.getInt(1) == 3) {
                        return c;
                    }
                }
            }
        } catch (SQLException e) {
            if (limits.expired()) {
                closeQuietly(c);
                throw limits.timedOut();
            }
            // not an SQLite database, or a damaged one: the same answer below
        }
        closeQuietly(c);
        throw new UnprocessableInput("file", "The file is not a GeoPackage (an SQLite database with the tables "
                + "gpkg_contents, gpkg_spatial_ref_sys and gpkg_geometry_columns).");
    }

    /**
     * The problem for an SQLite error: the time limit when the deadline stopped the statement, else
     * a damaged file, in the user's terms (the driver's text goes to the log only).
     */
    private static UnprocessableInput unreadable(SQLException e, LoadLimits limits, String where) {
        if (limits.expired()) {
            return limits.timedOut();
        }
        log.info("GeoPackage unreadable at {}: {}", where, e.toString());
        return new UnprocessableInput(where, "The GeoPackage cannot be read: the SQLite file is damaged or "
                + "is not a GeoPackage this reader understands.");
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
            throw unreadable(e, limits, "table " + table);
        }
    }

    private static void feature(long index, byte[] blob, Map<String, Object> props, Sink sink) {
        if (blob == null) {
            sink.feature(index, null, null, props, null);
            return;
        }
        // GeoPackage binary header (OGC 12-128 2.1.3): "GP", version 0 (1.x), flags, srs_id, envelope
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            sink.feature(index, null, null, props, "geometry is not a GeoPackage geometry blob (no 'GP' header)");
            return;
        }
        if (blob[2] != 0) {
            sink.feature(index, null, null, props, "geometry blob has version " + (blob[2] & 0xff)
                    + ", not that of GeoPackage 1.x (0)");
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
        if ((flags & 0xc0) != 0 || envelopeBytes < 0) {
            sink.feature(index, null, null, props, "geometry blob header is damaged (reserved flags or envelope code "
                    + envelope + " set)");
            return;
        }
        if (extended) {
            sink.feature(index, null, null, props, "geometry blob uses an extended GeoPackage geometry type, "
                    + "which Infill does not read");
            return;
        }
        if (blob.length < 8 + envelopeBytes + 5) {
            sink.feature(index, null, null, props, "geometry blob is damaged: " + blob.length
                    + " bytes, shorter than its header and envelope (" + (8 + envelopeBytes) + ") plus a geometry");
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
