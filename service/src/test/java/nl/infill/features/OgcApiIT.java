package nl.infill.features;

import static nl.infill.features.FeaturesFixture.CRS84;
import static nl.infill.features.FeaturesFixture.PARCELS;
import static nl.infill.features.FeaturesFixture.RD;
import static nl.infill.features.FeaturesFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OGC API - Features Parts 1 and 2 against the requirements of OGC 17-069r4 and 18-058r1. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OgcApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlers;

    private static boolean loaded;

    @BeforeEach
    void data() {
        // Loaded once per class: no test here writes, and classes run one after another.
        if (!loaded) {
            FeaturesFixture.load(jdbc);
            loaded = true;
        }
    }

    @Test
    void landingPageLinksToApiDefinitionConformanceAndDataAndEveryLinkResolves() {
        var r = get(port, "/ogc");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode links = r.json().get("links");
        // /req/core/root-success: service-desc or service-doc, conformance and data links.
        assertThat(rels(links)).contains("self", "alternate", "service-desc", "service-doc", "conformance", "data");
        for (JsonNode l : links) {
            var target = get(port, l.get("href").asString(), l.get("type").asString());
            assertThat(target.status()).as(l.get("href").asString()).isEqualTo(200);
            assertThat(target.contentType()).as(l.get("href").asString()).startsWith(l.get("type").asString().split(";")[0]);
        }
        assertThat(link(links, "service-desc").get("type").asString())
                .isEqualTo("application/vnd.oai.openapi+json;version=3.0");
    }

    @Test
    void conformanceDeclaresCoreGeoJsonHtmlOpenApiAndCrs() {
        JsonNode body = get(port, "/ogc/conformance").json();
        List<String> uris = new ArrayList<>();
        body.get("conformsTo").forEach(u -> uris.add(u.asString()));
        assertThat(uris).contains(
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
    }

    @Test
    void apiDefinitionIsOpenApi30WithEveryCollectionsItemsPathAndItsParameters() {
        var r = get(port, "/ogc/api", "application/vnd.oai.openapi+json;version=3.0");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/vnd.oai.openapi+json");
        JsonNode api = r.json();
        assertThat(api.get("openapi").asString()).startsWith("3.0.");
        assertThat(api.get("servers").get(0).get("url").asString()).endsWith("/ogc");
        JsonNode paths = api.get("paths");
        assertThat(paths.has("/")).isTrue();
        assertThat(paths.has("/conformance")).isTrue();
        assertThat(paths.has("/collections")).isTrue();
        assertThat(paths.has("/collections/results-ftest/items")).isTrue();
        List<String> params = new ArrayList<>();
        paths.get("/collections/parcels/items").get("get").get("parameters").forEach(p -> params.add(p.get("name").asString()));
        assertThat(params).contains("limit", "bbox", "bbox-crs", "crs", "datetime", "sortby", "municipality", "area_m2");
        JsonNode limit = paths.get("/collections/parcels/items").get("get").get("parameters").get(0);
        assertThat(limit.get("schema").get("maximum").asInt()).isEqualTo(10_000);
    }

    @Test
    void apiDefinitionDescribesEveryPathServedUnderOgcWithItsPathParametersAndTheFilterParameters() {
        JsonNode paths = get(port, "/ogc/api", "application/vnd.oai.openapi+json;version=3.0").json().get("paths");
        // Every GET mapping under /ogc (features, tiles, tile matrix sets, styles) is in the document.
        Set<String> served = new HashSet<>();
        handlers.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/ogc")).forEach(p -> served.add(p.equals("/ogc") || p.equals("/ogc/") ? "/"
                        : p.substring("/ogc".length()))));
        assertThat(served).contains("/tileMatrixSets", "/collections/{collectionId}/styles/{styleId}");
        List<String> documented = new ArrayList<>();
        paths.propertyNames().forEach(documented::add);
        assertThat(documented).containsAll(served);
        // OpenAPI 3.0: each {name} of a path is a required path parameter of its operation, each
        // operation has a unique operationId and a response for 200.
        Set<String> operationIds = new HashSet<>();
        for (String path : documented) {
            JsonNode get = paths.get(path).get("get");
            assertThat(operationIds.add(get.get("operationId").asString())).as("unique operationId of %s", path).isTrue();
            assertThat(get.get("responses").has("200")).as(path).isTrue();
            Set<String> inPath = new HashSet<>();
            get.get("parameters").forEach(p -> {
                assertThat(p.get("schema").isObject()).as("%s %s has a schema", path, p.get("name")).isTrue();
                if (p.get("in").asString().equals("path")) {
                    assertThat(p.get("required").asBoolean()).as("%s %s", path, p.get("name")).isTrue();
                    inPath.add(p.get("name").asString());
                }
            });
            Set<String> templated = new HashSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                templated.add(m.group(1));
            }
            assertThat(inPath).as("path parameters of %s", path).isEqualTo(templated);
        }
        // Tiles: the tile matrix set is one of the two served, tile coordinates are integers.
        JsonNode tile = paths.get("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}").get("get");
        List<String> tmsIds = new ArrayList<>();
        for (JsonNode p : tile.get("parameters")) {
            if (p.get("name").asString().equals("tileMatrixSetId")) {
                p.get("schema").get("enum").forEach(e -> tmsIds.add(e.asString()));
            }
            if (p.get("name").asString().equals("tileRow")) {
                assertThat(p.get("schema").get("type").asString()).isEqualTo("integer");
            }
        }
        assertThat(tmsIds).containsExactlyInAnyOrder("WebMercatorQuad", "NetherlandsRDNewQuad");
        assertThat(tile.get("responses").get("200").get("content").has("application/vnd.mapbox-vector-tile")).isTrue();
        // Part 3: filter, filter-lang (two languages) and filter-crs with their schemas; f=fgb served.
        JsonNode items = paths.get("/collections/parcels/items").get("get");
        assertThat(items.get("responses").get("200").get("content").has("application/flatgeobuf")).isTrue();
        for (JsonNode p : items.get("parameters")) {
            switch (p.get("name").asString()) {
                case "filter" -> assertThat(p.get("schema").get("type").asString()).isEqualTo("string");
                case "filter-lang" -> assertThat(p.get("schema").get("enum").toString()).isEqualTo("[\"cql2-text\",\"cql2-json\"]");
                case "filter-crs" -> assertThat(p.get("schema").get("enum").toString()).contains("CRS84").contains("28992");
                case "f" -> assertThat(p.get("schema").get("enum").toString()).contains("fgb");
                default -> { }
            }
        }
        List<String> names = new ArrayList<>();
        items.get("parameters").forEach(p -> names.add(p.get("name").asString()));
        assertThat(names).contains("filter", "filter-lang", "filter-crs");
    }

    @Test
    void apiDefinitionPassesSwaggerParsersOpenApi30ValidationWhichFindsAFaultPlantedInIt() {
        String api = get(port, "/ogc/api", "application/vnd.oai.openapi+json;version=3.0").body();

        SwaggerParseResult parsed = validate(api);

        assertThat(parsed.getMessages()).as("swagger-parser's findings on /ogc/api").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.0.");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/", "/conformance", "/collections/parcels/items",
                "/collections/results-ftest/items/{featureId}", "/tileMatrixSets");
        // The validator is not blind to what it is here for: a parameter in no valid place and a
        // response without its required description, planted in the same document, are reported.
        ObjectNode planted = (ObjectNode) FeaturesFixture.JSON.readTree(api);
        ObjectNode op = (ObjectNode) planted.get("paths").get("/collections/parcels/items").get("get");
        ((ObjectNode) op.get("parameters").get(0)).put("in", "body");
        ((ObjectNode) op.get("responses").get("200")).remove("description");
        assertThat(validate(planted.toString()).getMessages()).anyMatch(m -> m.contains("limit") && m.contains(".in"))
                .anyMatch(m -> m.contains("responses.200.description is missing"));
    }

    private static SwaggerParseResult validate(String openApiJson) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(openApiJson, null, options);
    }

    @Test
    void swaggerDocumentsEveryFeaturesEndpoint() {
        JsonNode paths = get(port, "/v3/api-docs").json().get("paths");
        assertThat(paths.has("/ogc/collections/{collectionId}/items")).isTrue();
        assertThat(paths.has("/ogc/collections/{collectionId}/items/{featureId}")).isTrue();
        assertThat(paths.has("/ogc/collections/{collectionId}/queryables")).isTrue();
        assertThat(paths.has("/api/query/intersects")).isTrue();
        assertThat(paths.has("/api/query/within")).isTrue();
        assertThat(paths.has("/api/query/nearest")).isTrue();
        assertThat(paths.has("/api/export/{collection}")).isTrue();
        assertThat(paths.has("/api/export")).isTrue();
        assertThat(get(port, "/swagger-ui/index.html", "text/html").status()).isEqualTo(200);
    }

    @Test
    void collectionsListEveryLayerAndEachScenariosResultsWithExtentAndCrs() {
        JsonNode body = get(port, "/ogc/collections").json();
        List<String> ids = new ArrayList<>();
        body.get("collections").forEach(c -> ids.add(c.get("id").asString()));
        assertThat(ids).contains("parcels", "buildings", "zoning", "amenities", "neighbourhoods", "streets",
                "constraints", "results-ftest", "neighbourhood-results-ftest");
        JsonNode parcels = get(port, "/ogc/collections/parcels").json();
        assertThat(parcels.get("itemType").asString()).isEqualTo("feature");
        assertThat(parcels.get("storageCrs").asString()).isEqualTo(RD);
        assertThat(parcels.get("crs").toString()).contains(CRS84, RD);
        // The grid spans RD 150000..150998 x 460000..461018, about 5.31..5.33 E, 52.12..52.13 N.
        JsonNode bbox = parcels.get("extent").get("spatial").get("bbox").get(0);
        assertThat(bbox.get(0).asDouble()).isBetween(5.30, 5.32);
        assertThat(bbox.get(1).asDouble()).isBetween(52.11, 52.13);
        assertThat(bbox.get(2).asDouble()).isGreaterThan(bbox.get(0).asDouble());
        assertThat(rels(parcels.get("links"))).contains("self", "alternate", "items");
    }

    @Test
    void pagingThroughAllParcelsAtLimit100ForwardAndBackLosesAndRepeatsNothing() {
        Set<Long> expected = new HashSet<>(jdbc.sql("SELECT id FROM parcel").query(Long.class).list());
        List<Long> forward = new ArrayList<>();
        String url = "/ogc/collections/parcels/items?limit=100";
        String last = null;
        int pages = 0;
        while (url != null) {
            var r = get(port, url, "application/geo+json");
            assertThat(r.status()).isEqualTo(200);
            JsonNode page = r.json();
            // Below infill.features.count-limit every page carries the exact total.
            assertThat(page.get("numberMatched").asInt()).isEqualTo(2537);
            assertThat(page.get("numberReturned").asInt()).isEqualTo(page.get("features").size());
            page.get("features").forEach(f -> forward.add(f.get("id").asLong()));
            last = url;
            JsonNode next = link(page.get("links"), "next");
            url = next == null ? null : next.get("href").asString();
            pages++;
        }
        // 2,537 = 25 full pages of 100 + one of 37.
        assertThat(pages).isEqualTo(26);
        assertThat(forward).hasSize(PARCELS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(forward)).isEqualTo(expected);
        assertThat(forward).isSorted();

        List<Long> backward = new ArrayList<>();
        url = last;
        while (url != null) {
            JsonNode page = get(port, url, "application/geo+json").json();
            List<Long> ids = new ArrayList<>();
            page.get("features").forEach(f -> ids.add(f.get("id").asLong()));
            backward.addAll(0, ids);
            JsonNode prev = link(page.get("links"), "prev");
            url = prev == null ? null : prev.get("href").asString();
        }
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void pagingSortedByANullableDescendingPropertyVisitsEveryFeatureOnceInOrder() {
        List<Long> forward = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String url = "/ogc/collections/parcels/items?limit=250&sortby=-municipality";
        String last = null;
        while (url != null) {
            JsonNode page = get(port, url).json();
            page.get("features").forEach(f -> {
                forward.add(f.get("id").asLong());
                keys.add(f.get("properties").get("municipality").isNull() ? null
                        : f.get("properties").get("municipality").asString());
            });
            last = url;
            JsonNode next = link(page.get("links"), "next");
            url = next == null ? null : next.get("href").asString();
        }
        assertThat(forward).hasSize(PARCELS).doesNotHaveDuplicates();
        // Descending with nulls last: GM0637 (even i), then GM0599, then the 196 nulls (i mod 13 = 0: 2537/13 -> 196).
        assertThat(keys.get(0)).isEqualTo("GM0637");
        assertThat(keys.get(PARCELS - 1)).isNull();
        assertThat(keys.stream().filter(k -> k == null).count()).isEqualTo(196);
        List<Long> backward = new ArrayList<>();
        url = last;
        while (url != null) {
            JsonNode page = get(port, url).json();
            List<Long> ids = new ArrayList<>();
            page.get("features").forEach(f -> ids.add(f.get("id").asLong()));
            backward.addAll(0, ids);
            JsonNode prev = link(page.get("links"), "prev");
            url = prev == null ? null : prev.get("href").asString();
        }
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void knownPointRoundTripsBetweenRdAndCrs84() {
        var r = get(port, "/ogc/collections/amenities/items", "application/geo+json");
        assertThat(r.header("Content-Crs")).isEqualTo("<" + CRS84 + ">");
        JsonNode c = r.json().get("features").get(0).get("geometry").get("coordinates");
        // RD 155000 463000 is the Amersfoort reference point: 5.38720621 E, 52.15517440 N by
        // RDNAPTRANS2018. PostGIS projects with EPSG's 7-parameter Helmert (EPSG:15739, accuracy
        // 1 m) because the NSGI correction grid is not installed: 5.38720351 E, 52.15517230 N,
        // 0.18 m west and 0.23 m south. So: 1e-5 degree (under 1 m) from the official value, and
        // 1e-8 degree (the 8 digits written) from PostGIS's own projection.
        assertThat(c.get(0).asDouble()).isCloseTo(5.38720621, within(1e-5));
        assertThat(c.get(1).asDouble()).isCloseTo(52.15517440, within(1e-5));
        assertThat(c.get(0).asDouble()).isCloseTo(5.38720351, within(1e-8));
        assertThat(c.get(1).asDouble()).isCloseTo(52.15517230, within(1e-8));

        var rd = get(port, "/ogc/collections/amenities/items?crs=" + enc(RD));
        assertThat(rd.header("Content-Crs")).isEqualTo("<" + RD + ">");
        JsonNode e = rd.json().get("features").get(0).get("geometry").get("coordinates");
        assertThat(e.get(0).asDouble()).isCloseTo(155000, within(1.0));
        assertThat(e.get(1).asDouble()).isCloseTo(463000, within(1.0));

        // A CRS84 bbox around the point finds it; an RD bbox (bbox-crs) around it too.
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=5.387,52.155,5.3874,52.1553").json()
                .get("numberReturned").asInt()).isEqualTo(1);
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=154999,462999,155001,463001&bbox-crs=" + enc(RD))
                .json().get("numberReturned").asInt()).isEqualTo(1);
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=5.39,52.16,5.40,52.17").json()
                .get("numberReturned").asInt()).isZero();
        long id = r.json().get("features").get(0).get("id").asLong();
        JsonNode one = get(port, "/ogc/collections/amenities/items/" + id + "?crs=" + enc(RD)).json();
        assertThat(one.get("geometry").get("coordinates").get(0).asDouble()).isCloseTo(155000, within(1.0));
    }

    @Test
    void bboxAcrossTheAntimeridianCoversBothSidesAndAWorldBboxEverything() {
        // minx 170 > maxx 6: the box runs east from 170 E over 180 to 6 E, so it covers the Netherlands.
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=170,50,6,54").json()
                .get("numberReturned").asInt()).isEqualTo(1);
        // 170 E .. 5 E misses the point at 5.387 E.
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=170,50,5,54").json()
                .get("numberReturned").asInt()).isZero();
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=-180,-90,180,90").json()
                .get("numberReturned").asInt()).isEqualTo(1);
        // A 6-number bbox ignores its height range.
        assertThat(get(port, "/ogc/collections/amenities/items?bbox=5,52,-10,6,53,10").json()
                .get("numberReturned").asInt()).isEqualTo(1);
    }

    @Test
    void propertyFiltersSelectOnlyEqualFeaturesAndCombineWithBbox() {
        // Parcels 0..49 form row 0 (RD y 460000..460018): 25 even i are GM0637, minus i = 0, 26 (i mod 13 = 0) -> 23.
        JsonNode page = get(port, "/ogc/collections/parcels/items?municipality=GM0637&bbox=150000,460000,151000,460010&bbox-crs="
                + enc(RD)).json();
        assertThat(page.get("numberReturned").asInt()).isEqualTo(23);
        page.get("features").forEach(f -> assertThat(f.get("properties").get("municipality").asString()).isEqualTo("GM0637"));
        // area_m2 = 100 + 10 (i mod 7) = 160 when i mod 7 = 6: 2537 / 7 -> 362 such i (6, 13, ..., 2536).
        JsonNode results = get(port, "/ogc/collections/parcels/items?limit=1000&area_m2=160").json();
        assertThat(results.get("numberReturned").asInt()).isEqualTo(362);
        JsonNode excluded = get(port, "/ogc/collections/results-ftest/items?limit=1000&excluded=true").json();
        // i mod 17 = 0 for i = 0..2536: 2536 div 17 + 1 = 150.
        assertThat(excluded.get("numberReturned").asInt()).isEqualTo(150);
        assertThat(excluded.get("features").get(0).get("properties").get("exclusion_reason").asString()).isEqualTo("water");
    }

    @Test
    void resultsAndNeighbourhoodResultsCollectionsServeTheScenarioRows() {
        JsonNode feature = get(port, "/ogc/collections/results-ftest/items?limit=1&sortby=-capacity_m2").json()
                .get("features").get(0);
        assertThat(feature.get("properties").get("capacity_m2").asDouble()).isEqualTo(90.0);
        assertThat(feature.get("properties").has("walk_gp_m")).isTrue();
        long parcelId = feature.get("id").asLong();
        var one = get(port, "/ogc/collections/results-ftest/items/" + parcelId);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("properties").get("parcel_id").asLong()).isEqualTo(parcelId);
        JsonNode n = get(port, "/ogc/collections/neighbourhood-results-ftest/items").json();
        assertThat(n.get("numberReturned").asInt()).isEqualTo(1);
        assertThat(n.get("features").get(0).get("properties").get("ageing_fit").asDouble()).isEqualTo(0.4);
    }

    @Test
    void queryablesAreAJsonSchemaOfTheCollectionsProperties() {
        var r = get(port, "/ogc/collections/results-ftest/queryables", "application/schema+json");
        assertThat(r.contentType()).startsWith("application/schema+json");
        JsonNode s = r.json();
        assertThat(s.get("type").asString()).isEqualTo("object");
        assertThat(s.get("$schema").asString()).contains("json-schema.org");
        assertThat(s.get("properties").get("score").get("type").asString()).isEqualTo("number");
        assertThat(s.get("properties").get("score_class").get("type").asString()).isEqualTo("integer");
        assertThat(s.get("properties").get("excluded").get("type").asString()).isEqualTo("boolean");
    }

    @Test
    void htmlPagesRenderWithLinksAndEscapeData() {
        var landing = get(port, "/ogc", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(landing.contentType()).startsWith("text/html");
        assertThat(landing.body()).contains("<a href=").contains("/ogc/collections");
        var items = get(port, "/ogc/collections/parcels/items?f=html&limit=10");
        assertThat(items.contentType()).startsWith("text/html");
        // Parcel 7's source_id is <b>&"P7'</b>: it must arrive escaped, never as markup.
        assertThat(items.body()).contains("&lt;b&gt;&amp;&quot;P7&#39;&lt;/b&gt;").doesNotContain("<b>&");
        for (String path : List.of("/ogc/conformance", "/ogc/collections", "/ogc/collections/parcels",
                "/ogc/collections/parcels/queryables", "/ogc/api")) {
            var page = get(port, path + "?f=html");
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).startsWith("<!DOCTYPE html>");
        }
        long id = jdbc.sql("SELECT id FROM parcel WHERE source_id LIKE '<b>%'").query(Long.class).single();
        assertThat(get(port, "/ogc/collections/parcels/items/" + id, "text/html").body()).contains("&lt;b&gt;");
    }

    @Test
    void itemsLinksAreSelfAlternateAndNextWithTheGeoJsonMediaType() {
        var r = get(port, "/ogc/collections/parcels/items?limit=5", "application/geo+json");
        assertThat(r.contentType()).startsWith("application/geo+json");
        JsonNode page = r.json();
        assertThat(page.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(page.get("timeStamp").asString()).endsWith("Z");
        assertThat(link(page.get("links"), "self").get("type").asString()).isEqualTo("application/geo+json");
        assertThat(link(page.get("links"), "alternate").get("type").asString()).isEqualTo("text/html");
        assertThat(link(page.get("links"), "next")).isNotNull();
        assertThat(link(page.get("links"), "prev")).isNull();
        JsonNode f = page.get("features").get(0);
        assertThat(f.get("type").asString()).isEqualTo("Feature");
        assertThat(f.get("geometry").get("type").asString()).isEqualTo("MultiPolygon");
    }

    private static JsonNode link(JsonNode links, String rel) {
        for (JsonNode l : links) {
            if (l.get("rel").asString().equals(rel)) {
                return l;
            }
        }
        return null;
    }

    private static List<String> rels(JsonNode links) {
        List<String> out = new ArrayList<>();
        links.forEach(l -> out.add(l.get("rel").asString()));
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
