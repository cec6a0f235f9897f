package nl.infill.features;

import static nl.infill.features.FeaturesFixture.get;
import static nl.infill.features.FeaturesFixture.post;
import static nl.infill.features.OgcApiIT.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every kind of bad input is a 400 or 404 problem naming the parameter; injection does nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputIT {

    private static final List<String> PAYLOADS = List.of("'; DROP TABLE parcel;--", "1 OR 1=1",
            "1; SELECT pg_sleep(5)", "1) OR (1=1", "\" OR \"\"=\"", "parcels; DELETE FROM parcel");

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
    void eachBadItemsParameterIsAProblemNamingIt() {
        String items = "/ogc/collections/parcels/items";
        Map<String, String> cases = Map.ofEntries(
                Map.entry(items + "?bbox=1,2,3", "bbox"),
                Map.entry(items + "?bbox=a,b,c,d", "bbox"),
                Map.entry(items + "?bbox=5,52,NaN,53", "bbox"),
                Map.entry(items + "?bbox=5,53,6,52", "bbox"),
                Map.entry(items + "?bbox=-200,52,6,53", "bbox"),
                Map.entry(items + "?bbox=0,0,10,10&bbox-crs=" + enc(FeaturesFixture.RD), "bbox"),
                Map.entry(items + "?bbox=5,52,6,53&bbox-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/3857"), "bbox-crs"),
                Map.entry(items + "?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/4258"), "crs"),
                Map.entry(items + "?limit=0", "limit"),
                Map.entry(items + "?limit=ten", "limit"),
                Map.entry(items + "?sortby=nonsense", "sortby"),
                Map.entry(items + "?colour=red", "colour"),
                Map.entry(items + "?area_m2=big", "area_m2"),
                Map.entry(items + "?after=notatoken", "after"),
                Map.entry(items + "?f=xml", "f"));
        cases.forEach((url, where) -> {
            var r = get(port, url);
            assertThat(r.status()).as(url).isEqualTo(400);
            assertThat(r.contentType()).as(url).startsWith("application/problem+json");
            assertThat(r.json().get("where").asString()).as(url).isEqualTo(where);
            assertThat(r.body()).as(url).doesNotContain("Exception").doesNotContain("SELECT");
        });
    }

    @Test
    void unknownCollectionsAndFeaturesAreNotFoundProblems() {
        var collection = get(port, "/ogc/collections/nope/items");
        assertThat(collection.status()).isEqualTo(404);
        assertThat(collection.json().get("where").asString()).isEqualTo("collectionId");
        var feature = get(port, "/ogc/collections/parcels/items/999999999");
        assertThat(feature.status()).isEqualTo(404);
        assertThat(feature.json().get("where").asString()).isEqualTo("featureId");
        assertThat(get(port, "/ogc/collections/parcels/items/abc").status()).isEqualTo(404);
        assertThat(get(port, "/ogc/collections/results-nope").status()).isEqualTo(404);
        assertThat(get(port, "/api/export/nope?format=csv").json().get("where").asString()).isEqualTo("collection");
    }

    @Test
    void badQueryGeometriesAreProblemsPointingIntoTheBody() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{not json", "body"),
                Map.entry("{}", "geometry"),
                Map.entry("{\"geometry\":{\"type\":\"Circle\",\"coordinates\":[1,2]}}", "geometry.type"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[NaN,52]}}", "geometry.coordinates"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[Infinity,52]}}", "geometry.coordinates"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[52,200]}}", "geometry.coordinates"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]},\"crs\":\"EPSG:3857\"}", "crs"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]},\"crs\":\"EPSG:28992\"}", "geometry.coordinates"),
                Map.entry("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[5,52],[6,52],[6,53],[5,52.5]]]}}",
                        "geometry.coordinates[0]"),
                Map.entry("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[5,52],[6,52],[5,52]]]}}",
                        "geometry.coordinates[0]"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]},\"limit\":100000}", "limit"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]},\"scenario\":\"'; DROP TABLE parcel;--\"}",
                        "scenario"),
                Map.entry("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]},\"where\":\"1=1\"}", "where"));
        cases.forEach((body, where) -> {
            var r = post(port, "/api/query/intersects", body);
            assertThat(r.status()).as(body).isIn(400, 404);
            assertThat(r.json().get("where").asString()).as(body).isEqualTo(where);
        });
    }

    @Test
    void aGeometryOverTheVertexLimitIsRefused() {
        // A ring of 10,001 positions (10,000 around a circle plus the closing one) is one over the limit.
        StringBuilder ring = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            double a = 2 * Math.PI * i / 10_000;
            ring.append('[').append(5.3 + 0.01 * Math.cos(a)).append(',').append(52.1 + 0.01 * Math.sin(a)).append("],");
        }
        ring.append("[5.31,52.1]]");
        var r = post(port, "/api/query/intersects", "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("where").asString()).isEqualTo("geometry.coordinates[0][10000]");
        assertThat(r.json().get("detail").asString()).contains("10000 vertices");
    }

    @Test
    void badPointQueriesNameTheParameter() {
        assertThat(get(port, "/api/query/within?x=5.3&y=52.1").json().get("where").asString()).isEqualTo("distance");
        assertThat(get(port, "/api/query/within?x=5.3&y=52.1&distance=99999").json().get("where").asString()).isEqualTo("distance");
        assertThat(get(port, "/api/query/within?x=500&y=52.1&distance=10").json().get("where").asString()).isEqualTo("x");
        assertThat(get(port, "/api/query/nearest?x=5.3&y=52.1&k=0").json().get("where").asString()).isEqualTo("k");
        assertThat(get(port, "/api/query/nearest?x=5.3&y=52.1&crs=EPSG:2000").json().get("where").asString()).isEqualTo("crs");
        assertThat(get(port, "/api/export/parcels?format=shp").json().get("where").asString()).isEqualTo("format");
    }

    @Test
    void injectionPayloadsInEveryParameterChangeNothing() {
        long parcels = count("parcel");
        long results = count("parcel_result");
        long scenarios = count("scenario");
        for (String p : PAYLOADS) {
            String e = enc(p);
            List<String> urls = List.of(
                    "/ogc/collections/" + e, "/ogc/collections/" + e + "/items",
                    "/ogc/collections/parcels/items/" + e,
                    "/ogc/collections/parcels/items?sortby=" + e,
                    "/ogc/collections/parcels/items?municipality=" + e,
                    "/ogc/collections/parcels/items?area_m2=" + e,
                    "/ogc/collections/parcels/items?" + e + "=1",
                    "/ogc/collections/parcels/items?crs=" + e,
                    "/ogc/collections/parcels/items?bbox-crs=" + e + "&bbox=1,2,3,4",
                    "/ogc/collections/parcels/items?bbox=" + e,
                    "/ogc/collections/parcels/items?limit=" + e,
                    "/ogc/collections/parcels/items?after=" + e,
                    "/ogc/collections/results-" + e + "/items",
                    "/api/query/within?x=" + e + "&y=52&distance=10",
                    "/api/query/nearest?x=5.3&y=52.1&scenario=" + e,
                    "/api/export/" + e + "?format=csv",
                    "/api/export/parcels?format=csv&municipality=" + e);
            for (String url : urls) {
                var r = get(port, url);
                // A text filter with a payload is a valid query for a value nobody has: 200 with no rows.
                if (r.status() == 200) {
                    assertThat(url).contains("municipality=");
                    assertThat(r.body()).doesNotContain("GM06");
                } else {
                    assertThat(r.status()).as(url).isIn(400, 404);
                    assertThat(r.contentType()).as(url).startsWith("application/problem+json");
                }
            }
        }
        assertThat(count("parcel")).isEqualTo(parcels).isEqualTo(FeaturesFixture.PARCELS);
        assertThat(count("parcel_result")).isEqualTo(results);
        assertThat(count("scenario")).isEqualTo(scenarios);
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
