package nl.infill.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Files built to hurt the loader, the way the outside probe built them (issue 13): GeoPackages
 * whose feature table is an endless view, whose metadata tables are views, with triggers,
 * generated columns, many rows, corrupt geometry blobs; and compressed bombs.
 */
final class HostileFiles {

    private HostileFiles() {
    }

    /** GeoPackage binary geometry of a point: "GP", version 0, flags (little endian, no envelope), srs id, WKB. */
    static byte[] gpkgPoint(double x, double y) {
        ByteBuffer b = ByteBuffer.allocate(8 + 21).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0x01).putInt(28992);
        b.put((byte) 1).putInt(1).putDouble(x).putDouble(y);
        return b.array();
    }

    /** A GeoPackage header (little endian, no envelope, srs 28992) followed by {@code wkb}. */
    static byte[] gpkgBlob(byte[] wkb) {
        ByteBuffer b = ByteBuffer.allocate(8 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0x01).putInt(28992).put(wkb);
        return b.array();
    }

    interface Sql {
        void run(Connection c, Statement s) throws SQLException;
    }

    /**
     * A GeoPackage with the three metadata tables and one feature entry {@code amenities} (POINT,
     * EPSG:28992); {@code body} makes the object called amenities (table or view) and anything else.
     */
    static Path gpkg(Path dir, Sql body) throws SQLException {
        Path file = dir.resolve("hostile-" + UUID.randomUUID() + ".gpkg");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA application_id = 1196444487");
            s.execute("PRAGMA user_version = 10300");
            s.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, "
                    + "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)");
            s.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, 'undefined', NULL)");
            s.execute("CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, "
                    + "description TEXT DEFAULT '', last_change DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), "
                    + "min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)");
            s.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                    + "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, "
                    + "PRIMARY KEY (table_name, column_name))");
            s.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('amenities', 'features', 'amenities', 28992)");
            s.execute("INSERT INTO gpkg_geometry_columns VALUES ('amenities', 'geom', 'POINT', 28992, 0, 0)");
            body.run(c, s);
        }
        return file;
    }

    /** The plain feature table the other files vary on. */
    static void amenitiesTable(Statement s) throws SQLException {
        s.execute("CREATE TABLE amenities (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, source_id TEXT, type TEXT, name TEXT)");
    }

    /** {@code n} GP amenities on a grid in Zoetermeer, inserted by SQLite itself (fast for millions). */
    static void manyAmenities(Connection c, Statement s, long n) throws SQLException {
        amenitiesTable(s);
        byte[] template = gpkgPoint(94000, 451000);
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("""
                WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < ?)
                INSERT INTO amenities (geom, source_id, type, name) SELECT ?, 'a' || i, 'gp', 'GP ' || i FROM r""")) {
            p.setLong(1, n);
            p.setBytes(2, template);
            p.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Amenities with the given geometry blobs (one feature each), named 'f0', 'f1', ... */
    static void amenitiesWithBlobs(Connection c, Statement s, byte[]... blobs) throws SQLException {
        amenitiesTable(s);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO amenities (geom, source_id, type, name) VALUES (?, ?, 'gp', ?)")) {
            for (int i = 0; i < blobs.length; i++) {
                p.setBytes(1, blobs[i]);
                p.setString(2, "f" + i);
                p.setString(3, "f" + i);
                p.executeUpdate();
            }
        }
    }

    /** {@code size} bytes of zeros, gzip-compressed: a few kilobytes that inflate to {@code size}. */
    static byte[] gzipBomb(long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (long done = 0; done < size; done += zeros.length) {
                gz.write(zeros, 0, (int) Math.min(zeros.length, size - done));
            }
        }
        return bytes.toByteArray();
    }

    static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
