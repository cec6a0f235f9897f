package nl.infill.features;

import static nl.infill.features.FeaturesFixture.get;
import static nl.infill.features.FeaturesFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * CQL2 filters (OGC API - Features Part 3) on items, exports and spatial queries against real
 * PostGIS, on eight hand-made parcels whose answers are worked out by hand below.
 *
 * <p>The parcels are 10 x 10 m squares in RD New, named by source_id, with the south-west corner,
 * municipality and area_m2 (and, in scenario {@code cqltest}, score_class):
 * <pre>
 *   P1  (155000, 463000)  GM0637  100   5        P4  (155000, 463020)  null    120   null (excluded)
 *   P8  (155010, 463000)  GM0637   90   2        P5  (155020, 463020)  GM0637   80   5
 *   P2  (155020, 463000)  GM0637  250   4        P6  (155040, 463020)  GM0599 1000   1
 *   p3  (155040, 463000)  GM0599  400   3        P7  (156000, 463000)  GM0637  300   4   (1 km east)
 * </pre>
 * P8's source_id is really {@code O'Brien\lot} (a quote and a backslash); p3 is lower case.
 * P1 and P8 share the edge x = 155010; P8 and P2 the edge x = 155020. RD (155000, 463000) is
 * CRS84 (5.38720351, 52.15517230) as PostGIS projects it (see docs/features.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Cql2FilterIT {

    static final String SCENARIO = "cqltest";
    private static final String RD = FeaturesFixture.RD;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void data() {
        load(jdbc);
    }

    static synchronized void load(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM scenario WHERE slug IN (:s, :f)").param("s", SCENARIO).param("f", FeaturesFixture.SCENARIO)
                .update();
        jdbc.sql("DELETE FROM parcel").update();
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                SELECT v.sid, v.mun, v.area, ST_Multi(ST_MakeEnvelope(v.x, v.y, v.x + 10, v.y + 10, 28992))
                  FROM (VALUES ('P1', 'GM0637', 100, 155000, 463000), ('O''Brien\\lot', 'GM0637', 90, 155010, 463000),
                               ('P2', 'GM0637', 250, 155020, 463000), ('p3', 'GM0599', 400, 155040, 463000),
                               ('P4', NULL, 120, 155000, 463020), ('P5', 'GM0637', 80, 155020, 463020),
                               ('P6', 'GM0599', 1000, 155040, 463020), ('P7', 'GM0637', 300, 156000, 463000))
                       AS v(sid, mun, area, x, y)
                """).update();
        jdbc.sql("INSERT INTO scenario (slug, name, weights, params) VALUES (:s, 'CQL2 test', '{}', '{}')")
                .param("s", SCENARIO).update();
        jdbc.sql("""
                INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
                       capacity_m2, extra_dwellings, score, score_class, excluded, exclusion_reason, distance_method)
                SELECT s.id, p.id, 1, 0, 100, 50, 0.5, c.cls * 20 - 10, c.cls, c.cls IS NULL,
                       CASE WHEN c.cls IS NULL THEN 'water' END, 'network'
                  FROM scenario s
                  JOIN parcel p ON true
                  JOIN (VALUES ('P1', 5), ('O''Brien\\lot', 2), ('P2', 4), ('p3', 3), ('P4', NULL), ('P5', 5),
                               ('P6', 1), ('P7', 4)) AS c(sid, cls) ON c.sid = p.source_id
                 WHERE s.slug = :s
                """).param("s", SCENARIO).update();
        jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels'").update();
        analyze("parcel", "parcel_result");
    }

    /**
     * Fresh statistics, as autovacuum makes them after a load: numberMatched asks the planner's
     * estimate before counting. ANALYZE needs the tables' owner (the service's DML-only role is
     * skipped with a warning), so it runs on an owner connection when ./infill gives one.
     */
    static void analyze(String... tables) {
        String url = System.getenv("INFILL_DB_URL");
        String user = System.getenv("INFILL_DB_USER");
        if (url == null || user == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, System.getenv("INFILL_DB_PASSWORD"));
             Statement st = c.createStatement()) {
            for (String t : tables) {
                st.execute("ANALYZE " + t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ANALYZE as the owner", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The source_ids of the features answered to GET {@code path}, sorted. */
    private TreeSet<String> ids(String path) {
        var r = get(port, path, "application/geo+json");
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        TreeSet<String> ids = new TreeSet<>();
        r.json().get("features").forEach(f -> ids.add(f.get("properties").get("source_id").asString()));
        return ids;
    }

    private TreeSet<String> items(String collection, String filter, String... more) {
        return ids("/ogc/collections/" + collection + "/items?limit=100&filter=" + enc(filter) + String.join("", more));
    }

    private static TreeSet<String> set(String... ids) {
        return new TreeSet<>(List.of(ids));
    }

    @Test
    void conformanceDeclaresFilteringQueryablesAndTheCql2ClassesQgisLooksFor() {
        List<String> uris = new ArrayList<>();
        get(port, "/ogc/conformance").json().get("conformsTo").forEach(u -> uris.add(u.asString()));
        assertThat(uris).contains(
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
                "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
                "http://www.opengis.net/spec/cql2/1.0/conf/property-property");
        assertThat(uris).noneMatch(u -> u.endsWith("/temporal-functions") || u.endsWith("/array-functions")
                || u.endsWith("/arithmetic") || u.endsWith("/functions") || u.endsWith("/accent-insensitive-comparison"));
    }

    @Test
    void queryablesListTheGeometryWithItsFormatInJsonSchema2020() {
        JsonNode q = get(port, "/ogc/collections/parcels/queryables", "application/schema+json").json();
        assertThat(q.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        JsonNode geometry = q.get("properties").get("geometry");
        assertThat(geometry.get("format").asString()).isEqualTo("geometry-multipolygon");
        assertThat(geometry.has("type")).isFalse();
        assertThat(q.get("properties").get("area_m2").get("type").asString()).isEqualTo("number");
        assertThat(get(port, "/ogc/collections/amenities/queryables").json().get("properties").get("geometry")
                .get("format").asString()).isEqualTo("geometry-point");
    }

    @Test
    void sortablesListThePropertiesSortbyTakesAndAreLinkedFromTheCollection() {
        var r = get(port, "/ogc/collections/parcels/sortables", "application/schema+json");
        assertThat(r.contentType()).startsWith("application/schema+json");
        assertThat(r.json().get("$id").asString()).endsWith("/ogc/collections/parcels/sortables");
        List<String> names = new ArrayList<>(r.json().get("properties").propertyNames());
        assertThat(names).containsExactly("source_id", "municipality", "area_m2");
        List<String> rels = new ArrayList<>();
        get(port, "/ogc/collections/parcels").json().get("links").forEach(l -> rels.add(l.get("rel").asString()));
        assertThat(rels).contains("http://www.opengis.net/def/rel/ogc/1.0/sortables",
                "http://www.opengis.net/def/rel/ogc/1.0/queryables");
        List<String> uris = new ArrayList<>();
        get(port, "/ogc/conformance").json().get("conformsTo").forEach(u -> uris.add(u.asString()));
        assertThat(uris).contains("http://www.opengis.net/spec/ogcapi-features-8/1.0/conf/sortables");
    }

    @Test
    void aQgisStyleFilterOnScoreClassAndABboxReturnsTheHandCheckedResultsWithTheirCount() {
        // What QGIS 3.32+ sends for "score_class" >= 4 AND intersects_bbox($geometry, ...) in RD:
        // classes >= 4 are P1, P2, P5, P7; the box holds P1..P6 and P8 but not P7 (1 km east).
        String filter = "((score_class >= 4) AND S_INTERSECTS(geometry,BBOX(154990,462990,155060,463040)))";
        String path = "/ogc/collections/results-" + SCENARIO + "/items?limit=10&filter-lang=cql2-text&filter-crs="
                + enc(RD) + "&filter=" + enc(filter);
        assertThat(ids(path)).isEqualTo(set("P1", "P2", "P5"));
        JsonNode page = get(port, path, "application/geo+json").json();
        assertThat(page.get("numberMatched").asInt()).isEqualTo(3);
        assertThat(page.get("numberReturned").asInt()).isEqualTo(3);
        // QGIS asks for the count of a filtered layer with limit=1.
        JsonNode one = get(port, path.replace("limit=10", "limit=1"), "application/geo+json").json();
        assertThat(one.get("numberMatched").asInt()).isEqualTo(3);
        assertThat(one.get("numberReturned").asInt()).isEqualTo(1);
    }

    @Test
    void eachSpatialFunctionReturnsTheHandCheckedParcels() {
        String around = "POLYGON((154995 462995, 155035 462995, 155035 463035, 154995 463035, 154995 462995))";
        Map<String, TreeSet<String>> cases = Map.ofEntries(
                // The polygon reaches from x 154995 to 155035 and y 462995 to 463035: P1, P8, P2, P4, P5 lie
                // wholly inside; p3 and P6 start at x 155040, P7 is far east.
                Map.entry("S_WITHIN(geometry, " + around + ")", set("O'Brien\\lot", "P1", "P2", "P4", "P5")),
                Map.entry("S_INTERSECTS(geometry, " + around + ")", set("O'Brien\\lot", "P1", "P2", "P4", "P5")),
                // Only P7 is apart from the box around the seven near parcels.
                Map.entry("S_DISJOINT(geometry, BBOX(154990, 462990, 155060, 463040))", set("P7")),
                // The point lies inside P1 only; P1 contains it.
                Map.entry("S_INTERSECTS(geometry, POINT(155005 463005))", set("P1")),
                Map.entry("S_CONTAINS(geometry, POINT(155005 463005))", set("P1")),
                Map.entry("S_WITHIN(POINT(155005 463005), geometry)", set("P1")),
                // The line is the edge shared by P1 and P8: it touches both and enters neither.
                Map.entry("S_TOUCHES(geometry, LINESTRING(155010 463000, 155010 463010))", set("O'Brien\\lot", "P1")),
                // The square 155005..155015 x 463005..463015 covers a part of P1 and of P8 (and nothing of P4,
                // which starts at y 463020).
                Map.entry("S_OVERLAPS(geometry, POLYGON((155005 463005, 155015 463005, 155015 463015, 155005 463015, "
                        + "155005 463005)))", set("O'Brien\\lot", "P1")),
                // The line at y 463005 from x 154990 to 155025 runs through P1 and P8 and ends inside P2.
                Map.entry("S_CROSSES(geometry, LINESTRING(154990 463005, 155025 463005))", set("O'Brien\\lot", "P1", "P2")),
                // P5 exactly.
                Map.entry("S_EQUALS(geometry, POLYGON((155020 463020, 155030 463020, 155030 463030, 155020 463030, "
                        + "155020 463020)))", set("P5")));
        for (var c : cases.entrySet()) {
            assertThat(items("parcels", c.getKey(), "&filter-crs=" + enc(RD))).as(c.getKey()).isEqualTo(c.getValue());
        }
    }

    @Test
    void aCrs84LiteralIsProjectedToRdBeforeTheTest() {
        // CRS84 (5.38728, 52.15522) is about 5.2 m east and 5.3 m north of RD (155000, 463000)
        // (1e-5 degree is 0.68 m of longitude and 1.11 m of latitude here): inside P1.
        assertThat(items("parcels", "S_INTERSECTS(geometry, POINT(5.38728 52.15522))")).isEqualTo(set("P1"));
        assertThat(items("parcels", "S_INTERSECTS(geometry, POINT(5.38728 52.15522))",
                "&filter-crs=" + enc(FeaturesFixture.CRS84))).isEqualTo(set("P1"));
        // A box over the whole world is clipped to the Netherlands before projecting: every parcel.
        assertThat(items("parcels", "S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))")).hasSize(8);
        // Beyond the Netherlands the within test runs in CRS84: a box from 0 to 10 degrees east holds
        // every parcel; 5.39 degrees east is RD x ~ 155190 ((5.39 - 5.3872) x 68,300 m), so a box
        // from there holds only P7 (x 156000).
        assertThat(items("parcels", "S_WITHIN(geometry, BBOX(0, 50, 10, 60))")).hasSize(8);
        assertThat(items("parcels", "S_WITHIN(geometry, BBOX(5.39, 50, 10, 60))")).isEqualTo(set("P7"));
    }

    @Test
    void jsonFiltersSelectTheSameAsText() {
        String json = "{\"op\":\"and\",\"args\":[{\"op\":\">=\",\"args\":[{\"property\":\"score_class\"},4]},"
                + "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[154990,462990,155060,463040]}]}]}";
        assertThat(items("results-" + SCENARIO, json, "&filter-lang=cql2-json&filter-crs=" + enc(RD)))
                .isEqualTo(set("P1", "P2", "P5"));
    }

    @Test
    void comparisonsLikeInBetweenCaseiAndNullOnHandCheckedAttributes() {
        assertThat(items("parcels", "municipality IS NULL")).isEqualTo(set("P4"));
        // SQL's three-valued logic: P4's null municipality is neither equal nor unequal to GM0637.
        assertThat(items("parcels", "NOT (municipality = 'GM0637')")).isEqualTo(set("P6", "p3"));
        assertThat(items("parcels", "municipality IN ('GM0599')")).isEqualTo(set("P6", "p3"));
        assertThat(items("parcels", "municipality NOT IN ('GM0599', 'GM0637')")).isEmpty();
        assertThat(items("parcels", "area_m2 BETWEEN 100 AND 300")).isEqualTo(set("P1", "P2", "P4", "P7"));
        assertThat(items("parcels", "source_id LIKE 'P%'")).isEqualTo(set("P1", "P2", "P4", "P5", "P6", "P7"));
        assertThat(items("parcels", "CASEI(source_id) LIKE CASEI('p%')")).isEqualTo(set("P1", "P2", "P4", "P5", "P6", "P7", "p3"));
        assertThat(items("parcels", "CASEI(source_id) = CASEI('P3')")).isEqualTo(set("p3"));
        // A quote (doubled) and a backslash (as QGIS escapes it) in a literal.
        assertThat(items("parcels", "source_id = 'O''Brien\\\\lot'")).isEqualTo(set("O'Brien\\lot"));
        assertThat(items("parcels", "source_id LIKE 'O\\'Brien%'")).isEqualTo(set("O'Brien\\lot"));
        assertThat(items("results-" + SCENARIO, "excluded = TRUE OR score_class < 2")).isEqualTo(set("P4", "P6"));
        // Property-property: score is class x 20 - 10, so score > score_class for every scored parcel.
        assertThat(items("results-" + SCENARIO, "score > score_class")).hasSize(7);
    }

    @Test
    void theFilterIsAndedWithPropertyEqualityAndBbox() {
        // GM0637 parcels are P1 (100), P8 (90), P2 (250), P5 (80), P7 (300); area > 90 leaves P1, P2, P7.
        assertThat(items("parcels", "area_m2 > 90", "&municipality=GM0637")).isEqualTo(set("P1", "P2", "P7"));
        // The bbox (RD) keeps the near parcels only: P7 goes.
        assertThat(items("parcels", "area_m2 > 90", "&municipality=GM0637&bbox=154990,462990,155060,463040&bbox-crs="
                + enc(RD))).isEqualTo(set("P1", "P2"));
    }

    @Test
    void pagesOfAFilteredCollectionKeepTheFilterAndTheCount() {
        String path = "/ogc/collections/parcels/items?limit=2&filter=" + enc("municipality = 'GM0637'");
        TreeSet<String> all = new TreeSet<>();
        int pages = 0;
        while (path != null) {
            JsonNode page = get(port, path, "application/geo+json").json();
            assertThat(page.get("numberMatched").asInt()).isEqualTo(5);
            page.get("features").forEach(f -> all.add(f.get("properties").get("source_id").asString()));
            JsonNode next = null;
            for (JsonNode l : page.get("links")) {
                if (l.get("rel").asString().equals("next")) {
                    next = l;
                }
            }
            path = next == null ? null : next.get("href").asString();
            pages++;
        }
        assertThat(all).isEqualTo(set("O'Brien\\lot", "P1", "P2", "P5", "P7"));
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badFiltersAreProblemsThatNameTheParameterAndWhatIsWrong() {
        record Case(String query, String where, String detail) {
        }
        for (Case c : List.of(
                new Case("filter=" + enc("colour = 'red'"), "filter", "Unknown property 'colour'"),
                new Case("filter=" + enc("area_m2 >"), "filter", "syntax error"),
                new Case("filter=" + enc("strEndsWith(source_id, 'x') = TRUE"), "filter", "is not supported"),
                new Case("filter=" + enc("area_m2 = 'big'"), "filter", "cannot compare a number with text"),
                new Case("filter=" + enc("S_INTERSECTS(geometry, POINT(155000 463000))"), "filter", "outside the range"),
                new Case("filter=" + enc("area_m2 > 1") + "&filter-lang=ecql", "filter-lang", "cql2-json"),
                new Case("filter=" + enc("area_m2 > 1") + "&filter-crs=EPSG:3857", "filter-crs", "Unsupported CRS"),
                new Case("filter=", "filter", "empty"))) {
            var r = get(port, "/ogc/collections/parcels/items?" + c.query());
            assertThat(r.status()).as(c.query()).isEqualTo(400);
            assertThat(r.contentType()).as(c.query()).startsWith("application/problem+json");
            assertThat(r.json().get("where").asString()).as(c.query()).isEqualTo(c.where());
            assertThat(r.json().get("detail").asString()).as(c.query()).contains(c.detail());
        }
    }

    @Test
    void exportsApplyTheFilter() {
        var csv = get(port, "/api/export/parcels?format=csv&filter=" + enc("municipality = 'GM0599'"), "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        // header + p3 + P6
        assertThat(lines).hasSize(3);
        assertThat(csv.body()).contains(",p3,GM0599,").contains(",P6,GM0599,");
        var json = get(port, "/api/export/results-" + SCENARIO + "?format=geojson&filter-lang=cql2-json&filter="
                + enc("{\"op\":\"=\",\"args\":[{\"property\":\"score_class\"},5]}"), "application/geo+json");
        assertThat(json.json().get("features").size()).isEqualTo(2);
        var bad = get(port, "/api/export/parcels?format=csv&filter=" + enc("nope = 1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("where").asString()).isEqualTo("filter");
    }

    @Test
    void spatialQueriesApplyTheFilter() {
        String body = "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[154900,462900],[156100,462900],"
                + "[156100,463100],[154900,463100],[154900,462900]]]},\"crs\":\"EPSG:28992\",\"scenario\":\"" + SCENARIO
                + "\",\"filter\":{\"op\":\">=\",\"args\":[{\"property\":\"score_class\"},4]}}";
        JsonNode r = post(port, "/api/query/intersects", body).json();
        // All eight intersect the polygon; classes >= 4: P1, P2, P5, P7.
        assertThat(r.get("summary").get("count").asInt()).isEqualTo(4);
        JsonNode text = post(port, "/api/query/intersects", body.replace(
                "{\"op\":\">=\",\"args\":[{\"property\":\"score_class\"},4]}", "\"score_class >= 4 AND area_m2 < 200\"")).json();
        // ... and of those P1 (100) and P5 (80) are smaller than 200 m2.
        assertThat(text.get("summary").get("count").asInt()).isEqualTo(2);
        // Within 100 m of RD (155000, 463000), at least 400 m2: p3 (400) and P6 (1000).
        JsonNode within = get(port, "/api/query/within?x=155000&y=463000&crs=EPSG:28992&distance=100&filter="
                + enc("area_m2 >= 400")).json();
        assertThat(within.get("summary").get("count").asInt()).isEqualTo(2);
        // The nearest GM0599 parcel to RD (155000, 463000): p3 at 40 m (P6 is 44.7 m away).
        JsonNode nearest = get(port, "/api/query/nearest?x=155000&y=463000&crs=EPSG:28992&k=1&filter="
                + enc("municipality = 'GM0599'")).json();
        assertThat(nearest.get("features").get(0).get("properties").get("source_id").asString()).isEqualTo("p3");
        var bad = post(port, "/api/query/intersects", body.replace("\"score_class\"},4", "\"score_class\"},\"x\""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("where").asString()).isEqualTo("filter");
    }
}
