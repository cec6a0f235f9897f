package nl.infill.ingest;

import static nl.infill.ingest.HarvestApi.body;
import static nl.infill.ingest.HarvestApi.quoted;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import nl.infill.layers.Layer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * Harvesting from OGC API - Features servers: a round trip through Infill's own {@code /ogc}, the
 * protocol (CRS, bbox, paging) against a local fake server, and every way a page can fail, each of
 * which must leave the layer as it was. Only the loopback address 127.0.0.1 may be contacted here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {HarvestApi.HOSTS,
        HarvestApi.PRIVATE, HarvestApi.PAGES, HarvestApi.FEATURES, HarvestApi.READ_TIMEOUT, HarvestApi.PAGE_BYTES,
        HarvestApi.PROGRESS})
class HarvestIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Loader loader;
    @Autowired
    HarvestCommand command;
    @TempDir
    Path dir;

    private FakeOgcApi fake;
    private HarvestApi api;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeOgcApi();
        api = new HarvestApi(port);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** {@code n} RD squares of 10 m, 20 m apart on a row from (155000, 463000), source_id F0.., year 1960 + i. */
    private static List<String> squares(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(FakeOgcApi.square(155000 + 20 * (i % 100), 463000 + 20 * (i / 100), 10,
                    "{\"source_id\":\"F" + i + "\",\"construction_year\":" + (1960 + i % 60) + "}"));
        }
        return out;
    }

    /** A building layer with two known rows, so that "unchanged" is a checkable state. */
    private IngestFixtures.Snapshot knownBuildings() {
        Path f = IngestFixtures.write(dir, "b.geojson", IngestFixtures.collection(IngestFixtures.rdCrs(),
                IngestFixtures.square(94000, 451000, 12, "{\"source_id\":\"KNOWN1\"}"),
                IngestFixtures.square(94100, 451000, 12, "{\"source_id\":\"KNOWN2\"}")));
        loader.load(new LoadRequest("buildings", f, "b.geojson", null, null, null, null));
        return snapshot(jdbc, Layer.BUILDINGS);
    }

    private JsonNode harvestFails(String collection, int failingPage) {
        IngestFixtures.Snapshot before = knownBuildings();
        HarvestApi.Answer a = api.start("buildings", body("url", quoted(fake.url()), "collection", quoted(collection)), 60);
        assertThat(a.status()).as("finished within the wait").isEqualTo(200);
        JsonNode r = a.body();
        assertThat(r.path("status").asString()).isEqualTo("failed");
        assertThat(r.path("where").asString()).isEqualTo("page " + failingPage);
        assertThat(r.path("message").asString()).startsWith("Page " + failingPage + " (" + fake.url() + "/collections/"
                + collection + "/items?").endsWith("Nothing was changed.");
        assertThat(snapshot(jdbc, Layer.BUILDINGS)).as("the layer stays as it was").isEqualTo(before);
        return r;
    }

    // ---- the round trip through Infill's own OGC API ----

    @Test
    void sampleCityBuildingsComeBackThroughInfillsOwnOgcApiWithTheSameCountAttributesAndGeometry() throws Exception {
        Path gpkg = dir.resolve("city.gpkg");
        nl.infill.data.SampleCityGenerator.main(new String[] {"--out", gpkg.toString(), "--parcels", "1000"});
        LoadReport file = loader.load(new LoadRequest("buildings", gpkg, "city.gpkg", "infill", null, null, "buildings"));
        // every column and the geometry as the OGC API writes it in RD (millimetres), in source_id order
        String checksum = "SELECT count(*) || '/' || md5(string_agg(concat_ws('|', source_id, construction_year, use, storeys,"
                + " height_m, floor_area_m2, status, monument, ST_AsGeoJSON(geom, 3)), ';' ORDER BY source_id, ST_AsGeoJSON(geom, 3)))"
                + " FROM building";
        String before = jdbc.sql(checksum).query(String.class).single();
        long n = file.loaded();
        assertThat(n).isGreaterThan(500);

        HarvestApi.Answer a = api.start("buildings", body("url", quoted("http://127.0.0.1:" + port + "/ogc"),
                "collection", quoted("buildings"), "preset", quoted("infill"), "limitPerPage", "250"), 120);

        assertThat(a.status()).isEqualTo(200);
        assertThat(String.join(",", a.vary()).toLowerCase()).contains("prefer");
        JsonNode r = a.body();
        assertThat(r.path("status").asString()).as(r.toString()).isEqualTo("succeeded");
        assertThat(r.path("format").asString()).isEqualTo("ogcapi-features");
        assertThat(r.path("table").asString()).isEqualTo("buildings");
        assertThat(r.path("crs").asString()).as("RD asked for, as /ogc offers it").isEqualTo("EPSG:28992");
        assertThat(r.path("loaded").asLong()).isEqualTo(n);
        assertThat(r.path("harvest").path("pages").asLong()).isEqualTo((n + 249) / 250);
        assertThat(r.path("harvest").path("features").asLong()).isEqualTo(n);
        assertThat(jdbc.sql(checksum).query(String.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT last_load_id FROM layer_state WHERE layer = 'buildings'").query(Long.class).single())
                .isEqualTo(r.path("id").asLong());
    }

    // ---- the protocol ----

    @Test
    void commandAsksForRdWithAnRdBboxFollowsNextLinksAndPrintsTheReport() {
        fake.collection("gebouwen", true, fake.pages(squares(250), 100, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(List.of("--infill.cli=harvest", "buildings", fake.url(), "--collection", "gebouwen",
                        "--bbox", "154990,462990,157000,463100,EPSG:28992", "--limit-per-page=1000", "--progress",
                        "--filter", "gemeentecode=GM0637", "--filter=status=Pand in gebruik"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("of layer buildings: succeeded").contains("loaded   250").contains("pages    3")
                .contains("(ogcapi-features, table gebouwen, EPSG:28992");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("harvest: page 3, 250 features").contains("100 % of 250");
        List<String> items = fake.itemRequests();
        assertThat(items).hasSize(3);
        Map<String, String> first = FakeOgcApi.query(items.get(0).substring(items.get(0).indexOf('?') + 1));
        assertThat(first).containsEntry("f", "json").containsEntry("limit", "1000").containsEntry("crs", FakeOgcApi.RD)
                .containsEntry("bbox", "154990,462990,157000,463100").containsEntry("bbox-crs", FakeOgcApi.RD)
                .containsEntry("gemeentecode", "GM0637").containsEntry("status", "Pand in gebruik");
        assertThat(items.get(2)).contains("offset=200");
        assertThat(jdbc.sql("SELECT count(*) FROM building").query(Long.class).single()).isEqualTo(250L);
    }

    @Test
    void commandWithAnOptionValueOfTheWrongFormExitsTwoWithWhereAndUsageAndAsksTheServerNothing() {
        fake.collection("gebouwen", true, fake.pages(squares(3), 100, true));
        for (List<String> bad : List.of(List.of("--bbox", "1,2,3"), List.of("--bbox", "1,2,x,4"),
                List.of("--limit-per-page", "many"), List.of("--limit-per-page=0"), List.of("--filter", "=x"),
                List.of("--preset", "bag-pand", "--mapping", "m.json"))) {
            List<String> args = new java.util.ArrayList<>(List.of("buildings", fake.url(), "--collection", "gebouwen"));
            args.addAll(bad);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = command.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            assertThat(code).as("%s: %s", bad, err.toString(StandardCharsets.UTF_8)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as("%s", bad).contains("usage: ./infill harvest");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.run(List.of("buildings", fake.url(), "--collection", "gebouwen", "--bbox", "1,2,x,4"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bbox value 3 ('x') is not a number").contains("where: --bbox");
        assertThat(fake.itemRequests()).isEmpty();
    }

    @Test
    void serverWithoutRdIsAskedForCrs84AndAnRdBboxIsTurnedIntoLonLat() {
        // RD (155000, 463000) is CRS84 (5.38720621, 52.15517440); a 1e-4 degree square there is about 7 x 11 m
        fake.collection("lonlat", false, fake.pages(List.of(FakeOgcApi.square(5.38720621, 52.15517440, 0.0001,
                "{\"source_id\":\"L1\"}")), 100, false));
        LoadReport r = loader.load(LoadRequest.harvest("buildings", new HarvestRequest(fake.url(), "lonlat",
                HarvestRequest.Bbox.parse("154000,462000,156000,464000,EPSG:28992", "bbox"), null, null, null), null, null));

        assertThat(r.crs()).isEqualTo("EPSG:4326");
        Map<String, String> q = FakeOgcApi.query(fake.itemRequests().get(0).replaceFirst("^[^?]*\\?", ""));
        assertThat(q).doesNotContainKey("crs").doesNotContainKey("bbox-crs");
        double[] bbox = java.util.Arrays.stream(q.get("bbox").split(",")).mapToDouble(Double::parseDouble).toArray();
        // the lon/lat box around the RD box contains the point and is about 2.9 km x 1.8 km of degrees
        assertThat(bbox[0]).isBetween(5.35, 5.3728);
        assertThat(bbox[2]).isBetween(5.4016, 5.42);
        assertThat(bbox[1]).isBetween(52.13, 52.1462);
        assertThat(bbox[3]).isBetween(52.1641, 52.18);
        double x = jdbc.sql("SELECT ST_XMin(geom) FROM building WHERE source_id = 'L1'").query(Double.class).single();
        assertThat(x).isCloseTo(155000, org.assertj.core.data.Offset.offset(1.5));
    }

    @Test
    void progressShowsInTheLoadReportWhileTheHarvestRuns() throws Exception {
        List<String> features = squares(80);
        FakeOgcApi.Handler pages = fake.pages(features, 10, true);
        fake.collection("langzaam", true, (ex, q) -> {
            sleep(250);
            pages.handle(ex, q);
        });
        HarvestApi.Answer a = api.start("buildings", body("url", quoted(fake.url()), "collection", quoted("langzaam")), 0);

        assertThat(a.status()).isEqualTo(202);
        long id = a.body().path("id").asLong();
        assertThat(a.location()).isEqualTo("/api/loads/" + id);
        assertThat(a.body().path("status").asString()).isEqualTo("running");
        JsonNode during = null;
        for (JsonNode r = api.load(id); during == null && r.path("status").asString().equals("running"); r = api.load(id)) {
            if (r.path("harvest").path("pages").asInt() >= 2) {
                during = r;
            }
            Thread.sleep(50);
        }
        assertThat(during).as("a running report with progress").isNotNull();
        assertThat(during.path("harvest").path("numberMatched").asLong()).isEqualTo(80);
        assertThat(during.path("harvest").path("percent").asInt()).isBetween(20, 99);
        assertThat(during.path("harvest").path("pageUrl").asString()).contains("/collections/langzaam/items?").contains("offset=");
        JsonNode end = api.awaitEnd(id);
        assertThat(end.path("status").asString()).isEqualTo("succeeded");
        assertThat(end.path("harvest").path("pages").asInt()).isEqualTo(8);
        assertThat(end.path("harvest").path("percent").asInt()).isEqualTo(100);
    }

    // ---- pages that fail: nothing changes, the problem names page, URL and status ----

    @Test
    void pageAnsweringHtmlStopsTheHarvest() {
        fake.collection("html", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "text/html;charset=utf-8",
                "<!DOCTYPE html><html><body>Sign in</body></html>"));
        JsonNode r = harvestFails("html", 1);
        assertThat(r.path("message").asString()).contains("HTTP 200").contains("text/html instead of GeoJSON");
    }

    @Test
    void invalidJsonOnPageOneStopsTheHarvest() {
        fake.collection("kapot", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "application/geo+json",
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",,]}"));
        JsonNode r = harvestFails("kapot", 1);
        assertThat(r.path("message").asString()).contains("HTTP 200").contains("not valid JSON").contains("line 1, column");
    }

    @Test
    void serverErrorOnPageThreeStopsTheHarvestAfterTwoGoodPages() {
        FakeOgcApi.Handler pages = fake.pages(squares(50), 10, false);
        fake.collection("wankel", true, (ex, q) -> {
            if ("20".equals(q.get("offset"))) {
                FakeOgcApi.respond(ex, 500, "application/problem+json", "{\"title\":\"database down\"}");
            } else {
                pages.handle(ex, q);
            }
        });
        JsonNode r = harvestFails("wankel", 3);
        assertThat(r.path("message").asString()).contains("offset=20").contains("HTTP 500")
                .contains("answered HTTP 500 (body: {\"title\":\"database down\"})");
        assertThat(r.path("read").asInt()).as("two pages were read, then given up").isEqualTo(20);
        assertThat(r.path("harvest").path("pages").asInt()).isEqualTo(2);
        assertThat(r.path("harvest").path("pageUrl").asString()).contains("offset=20");
    }

    @Test
    void bodyCutOffOnPageTwoStopsTheHarvest() {
        FakeOgcApi.Handler pages = fake.pages(squares(20), 10, false);
        fake.collection("afgebroken", true, (ex, q) -> {
            if (q.containsKey("offset")) {
                byte[] part = "{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/geo+json");
                ex.sendResponseHeaders(200, 100_000);
                ex.getResponseBody().write(part);
                ex.getResponseBody().flush();
                // the exchange is then closed 99,9xx bytes short: the connection ends early
            } else {
                pages.handle(ex, q);
            }
        });
        JsonNode r = harvestFails("afgebroken", 2);
        assertThat(r.path("message").asString()).contains("offset=10").contains("HTTP 200").contains("broke off");
    }

    @Test
    void redirectToALinkLocalAddressIsRefusedBeforeAnyConnection() {
        fake.collection("omleiding", true, (ex, q) -> {
            ex.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/");
            ex.sendResponseHeaders(302, -1);
        });
        JsonNode r = harvestFails("omleiding", 1);
        assertThat(r.path("message").asString()).contains("refused")
                .contains("Host '169.254.169.254' is not on the harvest allow-list");
    }

    @Test
    void redirectToAnotherLoopbackAddressThanTheAllowedOneIsRefusedAndNeverContacted() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        other.createContext("/", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        other.start();
        try {
            // an allowed host, but the address counts: 127.0.0.2 is loopback outside allow-private
            fake.collection("loopback", true, (ex, q) -> {
                ex.getResponseHeaders().set("Location", "http://127.0.0.2:" + other.getAddress().getPort() + "/x");
                ex.sendResponseHeaders(307, -1);
            });
            JsonNode r = harvestFails("loopback", 1);
            assertThat(r.path("message").asString()).contains("refused")
                    .contains("Host '127.0.0.2' resolves to 127.0.0.2, a loopback address");
            assertThat(hits.get()).as("the refused address was never connected to").isZero();
        } finally {
            other.stop(0);
        }
    }

    @Test
    void serverWhoseNextLinksNeverEndIsStoppedAtMaxPages() {
        fake.collection("eindeloos", true, (ex, q) -> {
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            // a page of one feature that always promises one more
            String next = fake.link(ex, Map.of("offset", String.valueOf(offset + 1)), null);
            FakeOgcApi.respond(ex, 200, "application/geo+json", "{\"type\":\"FeatureCollection\",\"links\":[{\"rel\":"
                    + "\"next\",\"type\":\"application/geo+json\",\"href\":\"" + next + "\"}],\"features\":["
                    + FakeOgcApi.square(155000 + offset, 463000, 1, "{}") + "]}");
        });
        JsonNode r = harvestFails("eindeloos", 41);
        assertThat(r.path("message").asString()).contains("more than 40 pages (infill.harvest.max-pages)");
        assertThat(fake.itemRequests()).hasSize(40);
    }

    @Test
    void nextLinkLeadingBackToAnEarlierPageIsCaught() {
        fake.collection("rondje", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "application/geo+json",
                "{\"type\":\"FeatureCollection\",\"links\":[{\"rel\":\"next\",\"type\":\"application/geo+json\",\"href\":\""
                        + fake.link(ex, q, null) + "\"}],\"features\":[" + FakeOgcApi.square(155000, 463000, 1, "{}") + "]}"));
        JsonNode r = harvestFails("rondje", 2);
        assertThat(r.path("message").asString()).contains("leads back to page 1");
    }

    @Test
    void harvestOfMoreThanMaxFeaturesIsStopped() {
        List<String> many = new ArrayList<>();
        String f = FakeOgcApi.square(155000, 463000, 1, "{}");
        for (int i = 0; i < 25_000; i++) {
            many.add(f);
        }
        fake.collection("groot", true, fake.pages(many, 1000, true));
        JsonNode r = harvestFails("groot", 21);
        assertThat(r.path("message").asString()).contains("more than 20000 features (infill.harvest.max-features)");
    }

    @Test
    void serverThatStopsAnsweringTimesOut() {
        FakeOgcApi.Handler pages = fake.pages(squares(20), 10, false);
        fake.collection("traag", true, (ex, q) -> {
            if (q.containsKey("offset")) {
                sleep(4000);
            }
            pages.handle(ex, q);
        });
        JsonNode r = harvestFails("traag", 2);
        assertThat(r.path("message").asString()).contains("no answer").contains("timed out");
    }

    @Test
    void pageLargerThanTheLimitIsRefused() {
        String padding = " ".repeat(5 * 1024 * 1024);
        fake.collection("dik", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "application/geo+json",
                "{\"type\":\"FeatureCollection\"," + padding + "\"features\":[]}"));
        JsonNode r = harvestFails("dik", 1);
        assertThat(r.path("message").asString()).contains("larger than 4194304 bytes (infill.harvest.max-page-bytes)");
    }

    @Test
    void nextLinkToAHostOffTheAllowListIsRefused() {
        fake.collection("weg", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "application/geo+json",
                "{\"type\":\"FeatureCollection\",\"links\":[{\"rel\":\"next\",\"type\":\"application/geo+json\","
                        + "\"href\":\"https://example.org/collections/weg/items?page=2\"}],\"features\":["
                        + FakeOgcApi.square(155000, 463000, 1, "{}") + "]}"));
        JsonNode r = harvestFails("weg", 1);
        assertThat(r.path("message").asString()).contains("next link is refused")
                .contains("Host 'example.org' is not on the harvest allow-list");
    }

    @Test
    void numberReturnedThatDisagreesWithTheFeaturesIsACutOffPage() {
        fake.collection("telt", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "application/geo+json",
                "{\"type\":\"FeatureCollection\",\"numberReturned\":3,\"features\":["
                        + FakeOgcApi.square(155000, 463000, 1, "{}") + "]}"));
        JsonNode r = harvestFails("telt", 1);
        assertThat(r.path("message").asString()).contains("numberReturned 3 but holds 1 features");
    }

    @Test
    void pageInAnotherCrsThanAskedIsRefused() {
        fake.collection("andere", true, (ex, q) -> FakeOgcApi.respond(ex, 200, "application/geo+json",
                "{\"type\":\"FeatureCollection\",\"features\":[]}", FakeOgcApi.CRS84));
        JsonNode r = harvestFails("andere", 1);
        assertThat(r.path("message").asString()).contains("is in " + FakeOgcApi.CRS84 + " (Content-Crs), not in "
                + FakeOgcApi.RD + " as asked");
    }

    @Test
    void collectionWithoutFeaturesInTheBboxFailsAndChangesNothing() {
        IngestFixtures.Snapshot before = knownBuildings();
        fake.collection("leeg", true, fake.pages(List.of(), 10, true));
        JsonNode r = api.start("buildings", body("url", quoted(fake.url()), "collection", quoted("leeg"),
                "bbox", "[4.40, 52.00, 4.41, 52.01]"), 60).body();
        assertThat(r.path("status").asString()).isEqualTo("failed");
        assertThat(r.path("where").asString()).isEqualTo("collection");
        assertThat(r.path("message").asString()).contains("gave no features");
        assertThat(r.path("harvest").path("pages").asInt()).isEqualTo(1);
        assertThat(snapshot(jdbc, Layer.BUILDINGS)).isEqualTo(before);
    }

    @Test
    void unknownCollectionFailsNamingTheCollection() {
        IngestFixtures.Snapshot before = knownBuildings();
        JsonNode r = api.start("buildings", body("url", quoted(fake.url()), "collection", quoted("bestaatniet")), 60).body();
        assertThat(r.path("status").asString()).isEqualTo("failed");
        assertThat(r.path("where").asString()).isEqualTo("collection");
        assertThat(r.path("message").asString()).contains("no collection 'bestaatniet'").contains("HTTP 404");
        assertThat(snapshot(jdbc, Layer.BUILDINGS)).isEqualTo(before);
    }

    // ---- requests refused before anything starts ----

    @Test
    void nonHttpSchemesAreRefusedAsBadRequestsWithoutALoad() {
        long loads = jdbc.sql("SELECT count(*) FROM load_history").query(Long.class).single();
        for (String url : List.of("ftp://127.0.0.1/ogc", "file:///etc/passwd", "gopher://127.0.0.1:70/_x", "jar:http://127.0.0.1!/")) {
            HarvestApi.Answer a = api.start("buildings", body("url", quoted(url), "collection", quoted("pand")), 0);
            assertThat(a.status()).as(url).isEqualTo(400);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.body().path("where").asString()).isEqualTo("url");
            assertThat(a.body().path("detail").asString()).contains("only http and https");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM load_history").query(Long.class).single()).isEqualTo(loads);
    }

    @Test
    void hostsOffTheAllowListAndCredentialsAreRefused() {
        Map<String, String> cases = Map.of(
                "https://example.org/ogc", "Host 'example.org' is not on the harvest allow-list",
                "http://localhost:" + port + "/ogc", "Host 'localhost' is not on the harvest allow-list",
                "http://2130706433/ogc", "is not on the harvest allow-list",
                "http://user:secret@127.0.0.1:" + port + "/ogc", "credentials");
        cases.forEach((url, why) -> {
            HarvestApi.Answer a = api.start("buildings", body("url", quoted(url), "collection", quoted("buildings")), 0);
            assertThat(a.status()).as(url).isEqualTo(400);
            assertThat(a.body().path("where").asString()).isEqualTo("url");
            assertThat(a.body().path("detail").asString()).as(url).contains(why);
        });
    }

    @Test
    void badRequestBodiesNameTheMemberThatIsWrong() {
        String url = quoted(fake.url());
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(body("url", url, "collection", quoted("pand"), "colour", quoted("red")), "colour");
        cases.put(body("url", url), "collection");
        cases.put(body("collection", quoted("pand")), "url");
        cases.put(body("url", url, "collection", quoted("../admin")), "collection");
        cases.put(body("url", url, "collection", quoted("pand"), "bbox", "[1,2,3]"), "bbox");
        cases.put(body("url", url, "collection", quoted("pand"), "bbox", "[1,\"x\",3,4]"), "bbox[1]");
        cases.put(body("url", url, "collection", quoted("pand"), "bbox", quoted("90000,440000,95000,450000")), "bbox");
        cases.put(body("url", url, "collection", quoted("pand"), "bbox", "[4.5,52.1,4.6,52.2]", "bboxCrs", quoted("EPSG:3857")), "bboxCrs");
        cases.put(body("url", url, "collection", quoted("pand"), "limitPerPage", "0"), "limitPerPage");
        cases.put(body("url", url, "collection", quoted("pand"), "filter", "{\"limit\":\"5\"}"), "filter.limit");
        cases.put(body("url", url, "collection", quoted("pand"), "filter", "{\"a b\":\"5\"}"), "filter.a b");
        cases.put(body("url", url, "collection", quoted("pand"), "filter", "{\"status\":[1]}"), "filter.status");
        cases.put(body("url", url, "collection", quoted("pand"), "filter", "[]"), "filter");
        cases.put(body("url", url, "collection", quoted("pand"), "preset", quoted("nope")), "preset");
        cases.put(body("url", url, "collection", quoted("pand"), "preset", quoted("infill"), "mapping", "{\"identity\":true}"), "preset");
        cases.put(body("url", url, "collection", quoted("pand"), "mapping", "{\"columns\":{\"colour\":\"x\"}}"), "mapping.columns.colour");
        cases.forEach((b, where) -> {
            HarvestApi.Answer a = api.start("buildings", b, 0);
            assertThat(a.status()).as(b).isEqualTo(400);
            assertThat(a.body().path("where").asString()).as(b).isEqualTo(where);
        });
        assertThat(api.start("castles", body("url", url, "collection", quoted("pand")), 0).status()).isEqualTo(404);
        assertThat(api.startAnonymously("buildings", body("url", url, "collection", quoted("pand"))).status()).isEqualTo(401);
    }

    @Test
    void thirdHarvestWhileTwoRunIs503WithRetryAfter() throws Exception {
        FakeOgcApi.Handler pages = fake.pages(squares(3), 1, false);
        fake.collection("druk", true, (ex, q) -> {
            sleep(700);
            pages.handle(ex, q);
        });
        String b = body("url", quoted(fake.url()), "collection", quoted("druk"));
        HarvestApi.Answer one = api.start("buildings", b, 0);
        HarvestApi.Answer two = api.start("buildings", b, 0);
        HarvestApi.Answer three = api.start("buildings", b, 0);
        assertThat(one.status()).isEqualTo(202);
        assertThat(two.status()).isEqualTo(202);
        assertThat(three.status()).isEqualTo(503);
        assertThat(three.body().path("detail").asString()).contains("infill.harvest.max-concurrent");
        api.awaitEnd(one.body().path("id").asLong());
        api.awaitEnd(two.body().path("id").asLong());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
