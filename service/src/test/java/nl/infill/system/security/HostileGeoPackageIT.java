package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A GeoPackage built to hurt: SQLite triggers that rewrite the file's metadata when the loader
 * touches it, a view that calls {@code load_extension}, a second "features" entry pointing at
 * that view, and an 8 MB blob in an attribute column. Uploaded as amenities it must be refused or
 * loaded as plain data: never a 5xx, nothing executed, no other table touched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileGeoPackageIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** GeoPackage binary geometry: "GP", version 0, flags (little endian, no envelope), srs id, WKB. */
    private static byte[] gpkgPoint(double x, double y) {
        ByteBuffer b = ByteBuffer.allocate(8 + 21).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0x01).putInt(28992);
        b.put((byte) 1).putInt(1).putDouble(x).putDouble(y);
        return b.array();
    }

    static Path hostileGeoPackage(Path dir) throws Exception {
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
            s.execute("CREATE TABLE amenities (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, source_id TEXT, type TEXT, "
                    + "name TEXT, payload BLOB)");
            s.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('amenities', 'features', 'amenities', 28992)");
            s.execute("INSERT INTO gpkg_geometry_columns VALUES ('amenities', 'geom', 'POINT', 28992, 0, 0)");
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO amenities (geom, source_id, type, name, payload) VALUES (?, ?, ?, ?, ?)")) {
                p.setBytes(1, gpkgPoint(155000, 463000));
                p.setString(2, "hostile-1");
                p.setString(3, "gp");
                p.setString(4, "'); DROP TABLE parcel; --");
                p.setBytes(5, new byte[8 * 1024 * 1024]);
                p.executeUpdate();
                p.setBytes(1, gpkgPoint(155100, 463100));
                p.setString(2, "hostile-2");
                p.setString(3, "pharmacy");
                p.setString(4, "x\u02BC; DELETE FROM layer_state");
                p.setBytes(5, new byte[] {1});
                p.executeUpdate();
            }
            // Triggers that would wreck the metadata, and a view calling into native code.
            s.execute("CREATE TRIGGER wreck_on_insert AFTER INSERT ON amenities BEGIN DELETE FROM gpkg_contents; END");
            s.execute("CREATE TRIGGER wreck_on_update AFTER UPDATE ON amenities BEGIN UPDATE amenities SET type = 'other'; END");
            s.execute("CREATE TRIGGER wreck_on_delete AFTER DELETE ON gpkg_contents BEGIN DELETE FROM amenities; END");
            s.execute("CREATE VIEW native_call AS SELECT fid, geom, load_extension('/tmp/infill-evil') AS x FROM amenities");
            s.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('native_call', 'features', 'native_call', 28992)");
            s.execute("INSERT INTO gpkg_geometry_columns VALUES ('native_call', 'geom', 'POINT', 28992, 0, 0)");
        }
        return file;
    }

    @Test
    void geoPackageWithTriggersViewsAndHugeBlobIsRefusedOrLoadedAsPlainDataWithNothingExecuted(@TempDir Path dir)
            throws Exception {
        Path gpkg = hostileGeoPackage(dir);
        Map<String, String> before = TableChecksums.of(jdbc);
        String boundary = "infill" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../amenities.gpkg\"\r\n"
                + "Content-Type: application/geopackage+sqlite3\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(Files.readAllBytes(gpkg));
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var r = Http.request(port, "POST", "/api/layers/amenities/loads").basic("editor", "editor")
                .body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArrays(parts)).send();
        assumeFalse(r.status() == 404 && r.body().contains("No static resource"),
                "upload endpoint POST /api/layers/{layer}/loads not built yet (ingest)");

        assertThat(r.status()).as(r.body()).isLessThan(500);
        Leaks.assertNoInternals(r, "hostile GeoPackage");
        Map<String, String> after = TableChecksums.of(jdbc);
        if (r.status() >= 400) {
            assertThat(r.contentType()).startsWith("application/problem+json");
            // Refused: no layer or result changed; load_history may record the refused attempt.
            before.remove("load_history");
            after.remove("load_history");
            assertThat(after).as("refused: nothing changed").isEqualTo(before);
        } else {
            // Loaded as plain data: exactly the two rows with their text kept literally, and no table
            // outside the amenity load touched.
            assertThat(jdbc.sql("SELECT count(*) FROM amenity").query(Integer.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT name FROM amenity WHERE source_id = 'hostile-1'").query(String.class).single())
                    .isEqualTo("'); DROP TABLE parcel; --");
            for (String table : before.keySet()) {
                if (!List.of("amenity", "load_history", "layer_state").contains(table)) {
                    assertThat(after.get(table)).as(table + " unchanged").isEqualTo(before.get(table));
                }
            }
        }
    }
}
