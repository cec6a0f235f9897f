package nl.infill.features;

import static nl.infill.features.FeaturesFixture.PARCELS;
import static nl.infill.features.FeaturesFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.sf.wkb.GeometryWriter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** Exports read back (GeoJSON parsed, CSV parsed with its WKT, GeoPackage opened with NGA) and compared feature by feature. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExportIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static boolean loaded;

    @BeforeEach
    void data() {
        if (!loaded) {
            FeaturesFixture.load(jdbc);
            loaded = true;
        }
    }

    @Test
    void geoJsonExportOfAScenarioHoldsEveryResultWithItsGeometryAndNumbers() {
        var r = get(port, "/api/export/results-ftest?format=geojson", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/geo+json");
        assertThat(r.header("Content-Disposition")).contains("filename=\"results-ftest.geojson\"");
        JsonNode features = r.json().get("features");
        assertThat(features.size()).isEqualTo(PARCELS);
        Map<Long, String> geometries = new HashMap<>();
        Map<Long, Double> capacity = new HashMap<>();
        jdbc.sql("SELECT parcel_id, capacity_m2, ST_AsGeoJSON(ST_Transform(geom, 4326), 8) AS g FROM parcel_result_v WHERE scenario = 'ftest'")
                .query(rs -> {
                    geometries.put(rs.getLong(1), rs.getString(3));
                    capacity.put(rs.getLong(1), rs.getDouble(2));
                });
        for (JsonNode f : features) {
            long id = f.get("id").asLong();
            assertThat(f.get("geometry")).as("feature %d", id).isEqualTo(FeaturesFixture.JSON.readTree(geometries.get(id)));
            assertThat(f.get("properties").get("capacity_m2").asDouble()).isEqualTo(capacity.get(id));
        }
    }

    @Test
    void csvExportQuotesByRfc4180AndItsWktMatchesTheStoredGeometry() throws Exception {
        var r = get(port, "/api/export/parcels?format=csv&crs=" + OgcApiIT.enc(FeaturesFixture.RD), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.header("Content-Disposition")).contains("parcels.csv");
        List<List<String>> rows = parseCsv(r.body());
        assertThat(rows.get(0)).containsExactly("feature_id", "source_id", "municipality", "area_m2", "wkt");
        assertThat(rows).hasSize(PARCELS + 1);
        Map<Long, byte[]> stored = new HashMap<>();
        Map<Long, String> sources = new HashMap<>();
        jdbc.sql("SELECT id, source_id, ST_AsBinary(geom) FROM parcel").query(rs -> {
            stored.put(rs.getLong(1), rs.getBytes(3));
            sources.put(rs.getLong(1), rs.getString(2));
        });
        WKTReader wkt = new WKTReader();
        WKBReader wkb = new WKBReader();
        for (List<String> row : rows.subList(1, rows.size())) {
            long id = Long.parseLong(row.get(0));
            assertThat(row.get(1)).isEqualTo(sources.get(id));
            Geometry g = wkt.read(row.get(4));
            assertThat(g.equalsExact(wkb.read(stored.get(id)), 1e-3)).as("parcel %d", id).isTrue();
        }
        // Parcel 7's source_id <b>&"P7'</b> holds a quote, so the field is quoted with the quote doubled.
        assertThat(r.body()).contains(",\"<b>&\"\"P7'</b>\",");
    }

    @Test
    void geoPackageExportOpensWithNgaAndHoldsEveryParcelWithItsGeometry() throws Exception {
        var r = get(port, "/api/export/parcels?format=gpkg&crs=" + OgcApiIT.enc(FeaturesFixture.RD), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).contains("parcels.gpkg");
        File file = Files.createTempFile("export-it", ".gpkg").toFile();
        try {
            Files.write(file.toPath(), r.raw().body());
            Map<Long, byte[]> stored = new HashMap<>();
            jdbc.sql("SELECT id, ST_AsBinary(geom) FROM parcel").query(rs -> {
                stored.put(rs.getLong(1), rs.getBytes(2));
            });
            WKBReader wkb = new WKBReader();
            try (GeoPackage gpkg = GeoPackageManager.open(file)) {
                FeatureDao dao = gpkg.getFeatureDao("parcels");
                assertThat(dao.getSrsId()).isEqualTo(28992L);
                assertThat(dao.count()).isEqualTo(PARCELS);
                FeatureResultSet rs = dao.queryForAll();
                try {
                    while (rs.moveToNext()) {
                        FeatureRow row = rs.getRow();
                        long id = ((Number) row.getValue("feature_id")).longValue();
                        Geometry g = wkb.read(GeometryWriter.writeGeometry(row.getGeometry().getGeometry()));
                        assertThat(g.equalsExact(wkb.read(stored.get(id)), 1e-6)).as("parcel %d", id).isTrue();
                    }
                } finally {
                    rs.close();
                }
            }
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    @Test
    void geoPackageExportCarriesTheLayersSldInAQgisLayerStylesRowNamingTheExportedTable() throws Exception {
        var r = get(port, "/api/export/results-ftest?format=gpkg", null);
        assertThat(r.status()).isEqualTo(200);
        File file = Files.createTempFile("export-it", ".gpkg").toFile();
        try {
            Files.write(file.toPath(), r.raw().body());
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement st = db.createStatement()) {
                ResultSet styles = st.executeQuery("SELECT f_table_name, f_geometry_column, styleName, styleSLD, styleQML, "
                        + "useAsDefault, (SELECT count(*) FROM layer_styles) AS n FROM layer_styles");
                assertThat(styles.next()).isTrue();
                assertThat(styles.getInt("n")).isEqualTo(1);
                // The row names the feature table QGIS opens, and its geometry column.
                String table = styles.getString("f_table_name");
                assertThat(table).isEqualTo("results_ftest");
                assertThat(styles.getString("f_geometry_column")).isEqualTo("geom");
                assertThat(styles.getString("styleName")).isEqualTo("infill_score_class");
                assertThat(styles.getBoolean("useAsDefault")).isTrue();
                String sld = styles.getString("styleSLD");
                // The QML QGIS applies: a rule-based renderer with the SLD's rules (5 classes + excluded).
                String qml = styles.getString("styleQML");
                assertThat(qml).contains("<renderer-v2 type=\"RuleRenderer\"")
                        .contains("filter=\"&quot;score_class&quot; = 5\"").contains("label=\"Klasse 5 – hoog (80–100)\"");
                assertThat(qml.split("<rule ", -1)).hasSize(6 + 1);
                assertThat(sld).startsWith("<?xml").contains("<StyledLayerDescriptor")
                        .contains("<ogc:PropertyName>score_class</ogc:PropertyName>");
                ResultSet tables = st.executeQuery("SELECT table_name, data_type FROM gpkg_contents ORDER BY table_name");
                List<String> contents = new ArrayList<>();
                while (tables.next()) {
                    contents.add(tables.getString(1) + ":" + tables.getString(2));
                }
                assertThat(contents).containsExactly("layer_styles:attributes", table + ":features");
                // Every property the SLD filters on is a column of the exported table.
                ResultSet columns = st.executeQuery("SELECT name FROM pragma_table_info('" + table + "')");
                List<String> names = new ArrayList<>();
                while (columns.next()) {
                    names.add(columns.getString(1));
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<ogc:PropertyName>(\\w+)</ogc:PropertyName>")
                        .matcher(sld);
                while (m.find()) {
                    assertThat(names).contains(m.group(1));
                }
            }
        } finally {
            Files.deleteIfExists(file.toPath());
        }
    }

    @Test
    void postedQueryExportHoldsExactlyTheIntersectingResults() {
        String body = "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[150000,460000],[150050,460000],"
                + "[150050,460030],[150000,460030],[150000,460000]]]},\"crs\":\"EPSG:28992\",\"scenario\":\"ftest\"}";
        var r = FeaturesFixture.post(port, "/api/export?format=csv", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).contains("results-ftest-query.csv");
        List<List<String>> rows = parseCsv(r.body());
        // Header plus parcels 0, 1, 2, 50, 51, 52.
        assertThat(rows).hasSize(7);
        assertThat(rows.stream().skip(1).map(row -> row.get(2)).toList())
                .containsExactlyInAnyOrder("P0", "P1", "P2", "P50", "P51", "P52");
        var geoJson = FeaturesFixture.post(port, "/api/export?format=geojson", body);
        assertThat(geoJson.json().get("features").size()).isEqualTo(6);
    }

    @Test
    void filteredCollectionExportKeepsOnlyMatchingFeatures() {
        // i mod 7 = 6 -> area 160: 362 parcels (see OgcApiIT).
        var r = get(port, "/api/export/parcels?format=geojson&area_m2=160", null);
        assertThat(r.json().get("features").size()).isEqualTo(362);
    }

    @Test
    void flatGeobufExportWithIndexReadsBackInOgrinfoWithEveryParcelItsValuesAndExtent() throws Exception {
        // ./infill test installs gdal-bin: without ogrinfo the read-back proves nothing, so fail, never skip
        assertThat(gdal()).as("GDAL's ogrinfo (./infill test installs gdal-bin)").isTrue();
        var r = get(port, "/api/export/parcels?format=fgb&index=true&crs=" + OgcApiIT.enc(FeaturesFixture.RD), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/flatgeobuf");
        assertThat(r.header("Content-Disposition")).contains("parcels.fgb");
        Path dir = Files.createTempDirectory("export-it");
        Path file = dir.resolve("parcels.fgb");
        try {
            Files.write(file, r.raw().body());
            String summary = run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()));
            assertThat(summary).contains("Feature Count: " + PARCELS);
            assertThat(summary).containsPattern("EPSG\\D+28992");
            // Grid of 50 columns, 51 rows of 18 m squares at 20 m spacing from (150000, 460000):
            // east edge 150000 + 20 * 49 + 18, north edge 460000 + 20 * 50 + 18.
            assertThat(summary).contains("Extent: (150000.000000, 460000.000000) - (150998.000000, 461018.000000)");
            // The packed R-tree adds at least one 40-byte node per feature to the same features.
            var plain = get(port, "/api/export/parcels?format=fgb&crs=" + OgcApiIT.enc(FeaturesFixture.RD), null);
            assertThat(r.raw().body().length - plain.raw().body().length).isGreaterThanOrEqualTo(40 * PARCELS);
            assertEveryFeatureReadsBackLikeTheDatabase(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void flatGeobufExportAppliesTheCql2FilterAndDefaultsToCrs84() throws Exception {
        // ./infill test installs gdal-bin: without ogrinfo the read-back proves nothing, so fail, never skip
        assertThat(gdal()).as("GDAL's ogrinfo (./infill test installs gdal-bin)").isTrue();
        // i mod 7 = 6 -> area 160: 362 parcels (see OgcApiIT).
        var r = get(port, "/api/export/parcels?format=fgb&filter=" + OgcApiIT.enc("area_m2 = 160"), null);
        assertThat(r.status()).isEqualTo(200);
        Path dir = Files.createTempDirectory("export-it");
        Path file = dir.resolve("parcels.fgb");
        try {
            Files.write(file, r.raw().body());
            String summary = run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()));
            assertThat(summary).contains("Feature Count: 362");
            assertThat(summary).containsPattern("EPSG\\D+4326");
            // RD (150000, 460000) is about (5.31, 52.13) in CRS84.
            assertThat(summary).containsPattern("Extent: \\(5\\.3\\d+, 52\\.1\\d+\\)");
            String all = run(List.of("ogrinfo", "-ro", "-al", "-q", file.toString()));
            assertThat(all).doesNotContain("ERROR");
            assertThat(all.split("area_m2 \\(Real\\) = 160", -1)).hasSize(362 + 1);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        assertThat(get(port, "/api/export/parcels?format=csv&index=true", null).status()).isEqualTo(400);
    }

    @Test
    void flatGeobufFilesCarryTheCollectionAsTheirLayerNameWhateverTheFileIsCalled() throws Exception {
        // ./infill test installs gdal-bin: without ogrinfo the read-back proves nothing, so fail, never skip
        assertThat(gdal()).as("GDAL's ogrinfo (./infill test installs gdal-bin)").isTrue();
        // GDAL names a FlatGeobuf layer by the header's name, else by the file name: saved as
        // download.fgb, only the header can say "parcels". With and without features, with the index.
        for (String query : List.of("format=fgb", "format=fgb&index=true", "format=fgb&filter="
                + OgcApiIT.enc("area_m2 > 1000000"))) {
            var r = get(port, "/api/export/parcels?" + query, null);
            assertThat(r.status()).isEqualTo(200);
            Path dir = Files.createTempDirectory("export-it");
            Path file = dir.resolve("download.fgb");
            try {
                Files.write(file, r.raw().body());
                String summary = run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()));
                assertThat(summary).as(query).contains("Layer name: parcels")
                        .contains("Feature Count: " + (query.contains("filter") ? 0 : PARCELS));
                if (!query.contains("filter")) {
                    assertEveryFeatureReadsBackLikeTheDatabase(file);
                }
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        }
    }

    @Test
    void ogcItemsPageOffersAndServesItsFeaturesAsFlatGeobufWithTheSameFeatures() throws Exception {
        // ./infill test installs gdal-bin: without ogrinfo the read-back proves nothing, so fail, never skip
        assertThat(gdal()).as("GDAL's ogrinfo (./infill test installs gdal-bin)").isTrue();
        String page = "/ogc/collections/parcels/items?limit=7&filter=" + OgcApiIT.enc("area_m2 = 160")
                + "&crs=" + OgcApiIT.enc(FeaturesFixture.RD);
        JsonNode json = get(port, page).json();
        String fgbHref = null;
        for (JsonNode l : json.get("links")) {
            if (l.get("rel").asString().equals("alternate") && l.get("type").asString().equals("application/flatgeobuf")) {
                fgbHref = l.get("href").asString();
            }
        }
        assertThat(fgbHref).as("alternate link of type application/flatgeobuf").isNotNull().contains("f=fgb");
        var r = get(port, fgbHref.substring(fgbHref.indexOf("/ogc/")), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/flatgeobuf");
        assertThat(r.header("Content-Crs")).isEqualTo("<" + FeaturesFixture.RD + ">");
        List<String> pageIds = new ArrayList<>();
        json.get("features").forEach(f -> pageIds.add(f.get("id").asString()));
        assertThat(pageIds).hasSize(7);
        Path dir = Files.createTempDirectory("export-it");
        Path file = dir.resolve("items.fgb");
        try {
            Files.write(file, r.raw().body());
            String summary = run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()));
            assertThat(summary).contains("Layer name: parcels").contains("Feature Count: 7").containsPattern("EPSG\\D+28992");
            String all = run(List.of("ogrinfo", "-ro", "-al", "-q", file.toString()));
            List<String> fileIds = new ArrayList<>();
            for (String line : all.split("\n")) {
                if (line.strip().startsWith("feature_id (Integer64) = ")) {
                    fileIds.add(line.strip().substring("feature_id (Integer64) = ".length()));
                }
            }
            assertThat(fileIds).containsExactlyElementsOf(pageIds);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        assertThat(get(port, "/ogc/collections/parcels/items?f=xml", null).status()).isEqualTo(400);
    }

    @Test
    void flatGeobufExportOfNothingIsAValidFileWithTheColumnsAndNoFeatures() throws Exception {
        // ./infill test installs gdal-bin: without ogrinfo the read-back proves nothing, so fail, never skip
        assertThat(gdal()).as("GDAL's ogrinfo (./infill test installs gdal-bin)").isTrue();
        var r = get(port, "/api/export/parcels?format=fgb&index=true&filter=" + OgcApiIT.enc("area_m2 > 1000000"), null);
        assertThat(r.status()).isEqualTo(200);
        Path dir = Files.createTempDirectory("export-it");
        Path file = dir.resolve("parcels.fgb");
        try {
            Files.write(file, r.raw().body());
            String summary = run(List.of("ogrinfo", "-ro", "-so", "-al", file.toString()));
            assertThat(summary).contains("Feature Count: 0").contains("feature_id: Integer64")
                    .contains("source_id: String").contains("area_m2: Real");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Every feature read by GDAL without an error, with the stored values: parcels with a NULL
     * municipality (i mod 13 = 0) have none and keep their later area_m2 in its own field (PostGIS 3.3 numbers
     * fields after a NULL wrongly; FlatGeobufNulls repairs that), and P7's markup comes back as text.
     */
    private void assertEveryFeatureReadsBackLikeTheDatabase(Path file) throws Exception {
        String all = run(List.of("ogrinfo", "-ro", "-al", "-q", file.toString()));
        assertThat(all).doesNotContain("ERROR");
        Map<Long, String> read = new HashMap<>();
        long id = -1;
        StringBuilder values = new StringBuilder();
        for (String line : all.split("\n")) {
            if (line.startsWith("OGRFeature(")) {
                if (id >= 0) {
                    read.put(id, values.toString());
                }
                id = -1;
                values.setLength(0);
            } else if (line.strip().startsWith("feature_id (Integer64) = ")) {
                id = Long.parseLong(line.strip().substring("feature_id (Integer64) = ".length()));
            } else if (line.contains(" = ")) {
                values.append(line.strip()).append('\n');
            }
        }
        if (id >= 0) {
            read.put(id, values.toString());
        }
        assertThat(read).hasSize(PARCELS);
        jdbc.sql("SELECT id, source_id, municipality, area_m2 FROM parcel").query(rs -> {
            String v = read.get(rs.getLong(1));
            String municipality = rs.getString(3);
            assertThat(v).as("parcel %d", rs.getLong(1))
                    .contains("source_id (String) = " + rs.getString(2) + "\n")
                    .containsPattern("area_m2 \\(Real\\) = " + (long) rs.getDouble(4) + "(\\.0+)?\\n");
            // FlatGeobuf leaves a NULL out, and GDAL then prints no line for the field.
            if (municipality == null) {
                assertThat(v).as("parcel %d", rs.getLong(1)).doesNotContain("municipality");
            } else {
                assertThat(v).as("parcel %d", rs.getLong(1)).contains("municipality (String) = " + municipality + "\n");
            }
        });
        assertThat(read.values()).anyMatch(v -> v.contains("source_id (String) = <b>&\"P7'</b>"));
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s failed: %s", cmd, out).isZero();
        return out;
    }

    private static boolean gdal() {
        try {
            return new ProcessBuilder("ogrinfo", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
