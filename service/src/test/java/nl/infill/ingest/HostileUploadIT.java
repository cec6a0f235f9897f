package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.infill.system.security.Http;
import nl.infill.system.security.Leaks;
import nl.infill.system.security.TableChecksums;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads built to hurt (issue 13): every one ends within the HTTP client's timeout with a clear
 * problem, a {@code failed} load report, no thread still reading, and every table byte-identical
 * (checksums before and after). The feature limit is lowered to 1000 so that "too many rows" is
 * cheap to build, the vertex limit to 1000 so that an oversized feature is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.ingest.max-features=1000", "infill.ingest.max-vertices=1000"})
class HostileUploadIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private Http.Response upload(String layer, String filename, byte[] content, String partHeaders) {
        String boundary = "infill" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n" + partHeaders + "\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(content);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return Http.request(port, "POST", "/api/layers/" + layer + "/loads").basic("editor", "editor")
                .body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArrays(parts)).send();
    }

    /**
     * Uploads {@code file} as amenities and checks that it was refused with {@code status}, a problem
     * whose detail contains {@code says}, a failed report, no busy reader and no table changed.
     */
    private JsonNode refusedCleanly(byte[] file, String filename, String partHeaders, int status, String says) {
        Map<String, String> before = withoutHistory(TableChecksums.of(jdbc));
        Http.Response r = upload("amenities", filename, file, partHeaders);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Leaks.assertNoInternals(r, filename);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.get("detail").asString()).contains(says);
        assertThat(problem.get("detail").asString()).doesNotContainIgnoringCase("sqlite_")
                .doesNotContain("SQLException").doesNotContain("[SQLITE");
        long loadId = problem.get("loadId").asLong();
        assertThat(jdbc.sql("SELECT status FROM load_history WHERE id = ?").param(loadId).query(String.class).single())
                .isEqualTo("failed");
        assertNoReaderBusy();
        assertThat(withoutHistory(TableChecksums.of(jdbc))).as("every table as it was").isEqualTo(before);
        return problem;
    }

    private static Map<String, String> withoutHistory(Map<String, String> sums) {
        Map<String, String> m = new HashMap<>(sums);
        m.remove("load_history");
        return m;
    }

    /** No thread of this JVM (the server runs in it) is still inside a file reader or a load. */
    private static void assertNoReaderBusy() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            boolean busy = Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("org.sqlite.core.NativeDB")
                    || f.getClassName().equals(GeoPackageSource.class.getName())
                    || f.getClassName().equals(Loader.class.getName()));
            assertThat(busy).as("thread %s still busy: %s", e.getKey().getName(), Arrays.toString(e.getValue())).isFalse();
        }
    }

    @Test
    void featureTableThatIsAnEndlessRecursiveViewIsRefusedBeforeAnyRowIsRead() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> s.execute("""
                CREATE VIEW amenities AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)
                SELECT i AS fid, X'4750000100006c00' AS geom, 'a' || i AS source_id, 'gp' AS type, 'x' AS name FROM r"""));
        JsonNode p = refusedCleanly(HostileFiles.read(gpkg), "endless.gpkg", "", 422, "is an SQLite view, not a table");
        assertThat(p.get("where").asString()).isEqualTo("table amenities");
    }

    @Test
    void viewThatSpinsWithoutEverReturningARowIsRefusedToo() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> s.execute("""
                CREATE VIEW amenities AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)
                SELECT i AS fid, NULL AS geom, 'a' AS source_id, 'gp' AS type, 'x' AS name FROM r WHERE i < 0"""));
        refusedCleanly(HostileFiles.read(gpkg), "spin.gpkg", "", 422, "is an SQLite view, not a table");
    }

    @Test
    void geoPackageWhoseMetadataTablesAreViewsIsNotAGeoPackage() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> {
            HostileFiles.amenitiesTable(s);
            s.execute("DROP TABLE gpkg_contents");
            s.execute("""
                    CREATE VIEW gpkg_contents AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)
                    SELECT 'amenities' AS table_name, 'features' AS data_type FROM r""");
        });
        refusedCleanly(HostileFiles.read(gpkg), "meta.gpkg", "", 422, "is not a GeoPackage");
    }

    @Test
    void featureTableWithAGeneratedColumnIsRefused() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> {
            s.execute("CREATE TABLE amenities (fid INTEGER PRIMARY KEY, geom BLOB, source_id TEXT, "
                    + "type TEXT GENERATED ALWAYS AS (printf('%.*c', 1000000, 'x')) VIRTUAL, name TEXT)");
            s.execute("INSERT INTO amenities (geom, source_id, name) VALUES (X'00', 'a', 'b')");
        });
        refusedCleanly(HostileFiles.read(gpkg), "generated.gpkg", "", 422, "generated (computed) column");
    }

    @Test
    void featureTableThatIsAVirtualTableIsRefused() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> s.execute(
                "CREATE VIRTUAL TABLE amenities USING rtree(fid, minx, maxx)"));
        refusedCleanly(HostileFiles.read(gpkg), "virtual.gpkg", "", 422, "virtual table");
    }

    @Test
    void triggersAndViewsBesideAPlainFeatureTableNeverRunAndTheRowsLoadAsData() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> {
            HostileFiles.amenitiesWithBlobs(c, s, HostileFiles.gpkgPoint(94000, 451000), HostileFiles.gpkgPoint(94100, 451000));
            s.execute("CREATE TRIGGER wreck AFTER INSERT ON amenities BEGIN DELETE FROM gpkg_contents; END");
            s.execute("CREATE TRIGGER wreck2 BEFORE UPDATE ON amenities BEGIN SELECT load_extension('/tmp/evil'); END");
            s.execute("CREATE VIEW endless AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r");
        });
        Http.Response r = upload("amenities", "triggers.gpkg", HostileFiles.read(gpkg), "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT string_agg(source_id, ',' ORDER BY source_id) FROM amenity").query(String.class).single())
                .isEqualTo("f0,f1");
        assertNoReaderBusy();
    }

    @Test
    void fileWithMoreRowsThanMaxFeaturesIsStoppedAt413() throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> HostileFiles.manyAmenities(c, s, 5000));
        JsonNode p = refusedCleanly(HostileFiles.read(gpkg), "many.gpkg", "", 413, "more than 1000 features");
        assertThat(p.get("maxFeatures").asLong()).isEqualTo(1000);
    }

    @Test
    void geoJsonWithMoreFeaturesThanMaxFeaturesIsStoppedAt413() {
        StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < 1500; i++) {
            json.append(i == 0 ? "" : ",").append(IngestFixtures.point(94000 + i, 451000, "{\"type\":\"gp\"}"));
        }
        json.append("]}");
        refusedCleanly(json.toString().getBytes(StandardCharsets.UTF_8), "many.geojson", "", 413, "more than 1000 features");
    }

    @Test
    void gzipBombIsNeverInflatedAndIsRefusedAsNeitherGeoJsonNorGeoPackage() throws Exception {
        // 1 GB of zeros in about 1 MB: no upload path decompresses, so it is refused as what it is
        byte[] bomb = HostileFiles.gzipBomb(1L << 30);
        refusedCleanly(bomb, "bomb.geojson.gz", "Content-Encoding: gzip\r\n", 422, "neither GeoJSON");
        refusedCleanly(bomb, "bomb.gpkg", "Content-Encoding: gzip\r\n", 422, "not a GeoPackage");
    }

    @Test
    void corruptGeometryBlobsAndAllocationBombsRejectTheirOwnFeatureWithItsIndex() throws Exception {
        byte[] random = new byte[200];
        new java.util.Random(13).nextBytes(random);
        java.nio.ByteBuffer hugeLine = java.nio.ByteBuffer.allocate(9 + 32).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1).putInt(2).putInt(Integer.MAX_VALUE);
        byte[] badVersion = HostileFiles.gpkgPoint(94000, 451000);
        badVersion[2] = 7;
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> HostileFiles.amenitiesWithBlobs(c, s,
                HostileFiles.gpkgPoint(94000, 451000),                  // 0: fine
                HostileFiles.gpkgBlob(random),                          // 1: valid GP header, random bytes
                HostileFiles.gpkgBlob(hugeLine.array()),                // 2: WKB claiming 2^31-1 points
                new byte[] {'G', 'P', 0},                               // 3: cut-off header
                badVersion,                                             // 4: unknown blob version
                java.util.Arrays.copyOf(HostileFiles.gpkgPoint(94000, 451000), 40)));  // 5: trailing bytes
        Http.Response r = upload("amenities", "corrupt.gpkg", HostileFiles.read(gpkg), "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("loaded").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").asInt()).isEqualTo(5);
        Map<Long, String> reasons = new HashMap<>();
        report.get("rejections").forEach(x -> reasons.put(x.get("index").asLong(), x.get("reason").asString()));
        assertThat(reasons).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);
        assertThat(reasons.get(2L)).contains("declares 2147483647 points but only 32 bytes follow");
        assertThat(reasons.get(3L)).contains("not a GeoPackage geometry blob");
        assertThat(reasons.get(4L)).contains("version 7");
        assertThat(reasons.get(5L)).contains("11 bytes follow the end of the geometry");
        assertNoReaderBusy();
    }

    @Test
    void fileOfOnlyCorruptGeometriesFailsWithTheFirstRejectionAndChangesNothing() throws Exception {
        java.nio.ByteBuffer hugeLine = java.nio.ByteBuffer.allocate(9 + 32).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1).putInt(2).putInt(Integer.MAX_VALUE);
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> HostileFiles.amenitiesWithBlobs(c, s,
                HostileFiles.gpkgBlob(hugeLine.array()), HostileFiles.gpkgBlob(new byte[] {1, 2, 3, 4, 5, 6, 7})));
        refusedCleanly(HostileFiles.read(gpkg), "allcorrupt.gpkg", "", 422, "None of the 2 features can be used");
    }

    @Test
    void featureWithMoreVerticesThanTheLimitIsRejectedWithTheReasonAndTheOthersLoad() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append('[').append(94000 + i).append(",451000]");
        }
        String tooMany = "{\"type\":\"Feature\",\"properties\":{\"type\":\"gp\"},"
                + "\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[" + many + "]}}";
        String json = IngestFixtures.collection(IngestFixtures.rdCrs(),
                IngestFixtures.point(94000, 451000, "{\"type\":\"gp\"}"), tooMany);
        Http.Response r = upload("amenities", "vertices.geojson", json.getBytes(StandardCharsets.UTF_8), "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("loaded").asInt()).isEqualTo(1);
        assertThat(report.get("rejections").get(0).get("index").asLong()).isEqualTo(1);
        assertThat(report.get("rejections").get(0).get("reason").asString())
                .contains("more than 1000 vertices").contains("infill.ingest.max-vertices");
    }

    @Test
    void textAttributeLongerThanTheLimitRejectsItsFeatureWithTheReason() {
        String json = IngestFixtures.collection(IngestFixtures.rdCrs(),
                IngestFixtures.point(94000, 451000, "{\"type\":\"gp\",\"name\":\"ok\"}"),
                IngestFixtures.point(94100, 451000, "{\"type\":\"gp\",\"name\":\"" + "x".repeat(100_000) + "\"}"));
        Http.Response r = upload("amenities", "text.geojson", json.getBytes(StandardCharsets.UTF_8), "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("loaded").asInt()).isEqualTo(1);
        assertThat(report.get("rejections").get(0).get("index").asLong()).isEqualTo(1);
        assertThat(report.get("rejections").get(0).get("reason").asString())
                .isEqualTo("attribute name (from name): 100000 characters long, longer than 1000 (infill.ingest.max-text-length)");
    }

    @Test
    void uploadToAnUnknownLayerIs404AndWritesNoLoadReport() {
        long before = jdbc.sql("SELECT count(*) FROM load_history").query(Long.class).single();
        Http.Response r = upload("made-up-layer", "x.geojson", "{}".getBytes(StandardCharsets.UTF_8), "");
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("Unknown layer 'made-up-layer'");
        assertThat(jdbc.sql("SELECT count(*) FROM load_history").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void csvExportPrefixesCellsThatASpreadsheetWouldRunAsFormulas() {
        String[] names = {"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")", "+1+1", "-2+3", "@SUM(A1)", "\\tTab", "plain"};
        String[] features = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            features[i] = IngestFixtures.point(94000 + i, 451000, "{\"type\":\"gp\",\"source_id\":\"csv" + i
                    + "\",\"name\":\"" + names[i] + "\"}");
        }
        Http.Response load = upload("amenities", "formulas.geojson",
                IngestFixtures.collection(IngestFixtures.rdCrs(), features).getBytes(StandardCharsets.UTF_8), "");
        assertThat(load.status()).as(load.body()).isEqualTo(201);
        Http.Response csv = Http.request(port, "GET", "/api/export/amenities?format=csv").send();
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body())
                .contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
                .contains(",'+1+1,").contains(",'-2+3,").contains(",'@SUM(A1),").contains(",'\tTab,").contains(",plain,")
                .doesNotContain(",=HYPERLINK").doesNotContain(",+1+1,");
    }
}
