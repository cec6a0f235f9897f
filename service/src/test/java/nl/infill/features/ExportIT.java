package nl.infill.features;

import static nl.infill.features.FeaturesFixture.PARCELS;
import static nl.infill.features.FeaturesFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
