package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * A sync from the service on real PostGIS against the contract-faithful {@link FakeGeoServer}.
 * Two scenarios of this test's own (pub-alpha with one parcel result, pub-beta without) sit
 * beside whatever other tests left; assertions only look at what this test owns.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PublishingSyncIT {

    static final FakeGeoServer FAKE = FakeGeoServer.started();
    static final String DB_PASSWORD = "publish-pass-4711";

    @DynamicPropertySource
    static void geoserver(DynamicPropertyRegistry r) {
        FAKE.configure(r);
        r.add("infill.geoserver.password", FAKE::password);
        r.add("infill.geoserver.public-url", () -> "http://maps.example/geoserver");
        r.add("infill.geoserver.retries", () -> "2");
        r.add("infill.geoserver.backoff", () -> "10ms");
        // A start-up analysis run ends in AnalysisCompleted, whose background refresh would race
        // the syncs under test for the fake's injected failures and request log.
        r.add("infill.analysis.run-on-startup", () -> "false");
        r.add("infill.geoserver.datastore.password", () -> DB_PASSWORD);
    }

    @Autowired
    GeoServerSync publishing;

    @Autowired
    SyncStatus syncStatus;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @LocalServerPort
    int port;

    @BeforeEach
    void scenarios() {
        FAKE.reset();
        jdbc.sql("DELETE FROM scenario WHERE slug IN ('pub-alpha', 'pub-beta')").update();
        jdbc.sql("DELETE FROM parcel WHERE source_id = 'PUBLISHING-IT-1'").update();
        // One 100 m x 100 m parcel at RD (90000, 450000): the results view's bbox is exactly it.
        long parcel = jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                VALUES ('PUBLISHING-IT-1', 'GM0637', 10000,
                        ST_GeomFromText('MULTIPOLYGON(((90000 450000, 90100 450000, 90100 450100, 90000 450100, 90000 450000)))', 28992))
                RETURNING id""").query(Long.class).single();
        long alpha = jdbc.sql("INSERT INTO scenario (slug, name, weights, params) VALUES ('pub-alpha', 'Alpha', '{}', '{}') RETURNING id")
                .query(Long.class).single();
        jdbc.sql("INSERT INTO scenario (slug, name, weights, params) VALUES ('pub-beta', 'Beta', '{}', '{}')").update();
        jdbc.sql("""
                INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, capacity_m2,
                                           extra_dwellings, score, score_class)
                VALUES (:s, :p, 1, 1000, 2000, 20, 85, 5)""").param("s", alpha).param("p", parcel).update();
    }

    /**
     * A refresh that an event started runs on after the test saw what it waited for (the
     * truncation comes before the group update): let it end before the next test resets the fake.
     */
    @AfterEach
    void letBackgroundWorkFinish() throws InterruptedException {
        int quiet = 0;
        for (int i = 0; i < 300 && quiet < 3; i++) {
            quiet = "running".equals(syncStatus.status().state()) ? 0 : quiet + 1;
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void cleanUp(@Autowired JdbcClient jdbc) {
        jdbc.sql("DELETE FROM scenario WHERE slug IN ('pub-alpha', 'pub-beta')").update();
        jdbc.sql("DELETE FROM parcel WHERE source_id = 'PUBLISHING-IT-1'").update();
        jdbc.sql("SELECT infill_publish_drop_stale_result_views(ARRAY(SELECT slug FROM scenario))").query().listOfRows();
    }

    @Test
    void firstSyncCreatesWorkspaceDatastoreEveryLayerAndEachScenarioResultWithItsStyle() {
        PublishingStatus status = publishing.sync();

        assertThat(status.resources()).filteredOn(r -> !r.ok()).isEmpty();
        assertThat(FAKE.workspaces).containsKey("infill");
        JsonNode ds = FAKE.datastores.get("infill/infill");
        assertThat(entry(ds, "dbtype")).isEqualTo("postgis");
        assertThat(entry(ds, "user")).isEqualTo("infill_publish");
        assertThat(entry(ds, "schema")).isEqualTo("publish");
        assertThat(entry(ds, "passwd")).isEqualTo(DB_PASSWORD);
        for (String layer : List.of("parcels", "buildings", "zoning", "amenities", "neighbourhoods", "streets",
                "constraints", "units", "results_pub_alpha", "results_pub_beta", "neighbourhood_results_pub_alpha")) {
            JsonNode ft = FAKE.featureTypes.get("infill/infill/" + layer);
            assertThat(ft).as(layer).isNotNull();
            assertThat(ft.get("nativeName").asString()).isEqualTo(layer);
            assertThat(ft.get("srs").asString()).isEqualTo("EPSG:28992");
            assertThat(FAKE.layers.get("infill:" + layer).path("defaultStyle").path("name").asString())
                    .as(layer).startsWith("infill_");
        }
        assertThat(FAKE.layers.get("infill:results_pub_alpha").path("defaultStyle").path("name").asString())
                .isEqualTo(SldStyles.SCORE);
        assertThat(FAKE.layers.get("infill:buildings").path("defaultStyle").path("name").asString())
                .isEqualTo(SldStyles.BUILDINGS);
        // Styles by map layer: the results draw capacity and walk-to-GP in styles of their own,
        // the neighbourhood totals (the ageing-fit layer) in theirs.
        assertThat(FAKE.layers.get("infill:results_pub_alpha").path("styles").findValuesAsString("name"))
                .containsExactly(SldStyles.CAPACITY, SldStyles.WALK_GP);
        assertThat(FAKE.layers.get("infill:neighbourhood_results_pub_alpha").path("defaultStyle").path("name").asString())
                .isEqualTo(SldStyles.AGEING_FIT);
        // What GeoServer received is what the presentation source defines, style for style.
        assertThat(FAKE.styles).hasSize(SldStyles.all().size());
        SldStyles.all().forEach((name, sld) -> assertThat(FAKE.styles.get("infill/" + name)).as(name).isEqualTo(sld));
        // The bbox of the one result parcel: x 90000..90100, y 450000..450100.
        JsonNode box = FAKE.featureTypes.get("infill/infill/results_pub_alpha").get("nativeBoundingBox");
        assertThat(box.get("minx").asDouble()).isEqualTo(90000.0);
        assertThat(box.get("maxx").asDouble()).isEqualTo(90100.0);
        assertThat(box.get("miny").asDouble()).isEqualTo(450000.0);
        assertThat(box.get("maxy").asDouble()).isEqualTo(450100.0);
        JsonNode group = FAKE.layerGroups.get("infill/infill");
        assertThat(group.path("publishables").path("published").findValuesAsString("name"))
                .contains("infill:parcels", "infill:results_pub_alpha", "infill:results_pub_beta");
        // Every create answered 201 with a Location header (the fake enforces it; no create failed).
        assertThat(FAKE.log).filteredOn(r -> r.method().equals("POST") && !r.path().contains("gwc"))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(status.state()).isEqualTo("ok");
    }

    @Test
    void resyncCreatesNoDuplicatesAndOnlyReadsAndUpdates() {
        publishing.sync();
        int featureTypes = FAKE.featureTypes.size();
        int styles = FAKE.styles.size();
        FAKE.clearLog();

        PublishingStatus second = publishing.sync();

        assertThat(second.state()).isEqualTo("ok");
        assertThat(FAKE.methodCounts().keySet()).containsOnly("GET", "PUT");
        assertThat(FAKE.log).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(FAKE.featureTypes).hasSize(featureTypes);
        assertThat(FAKE.styles).hasSize(styles);
        assertThat(FAKE.log).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/featuretypes/parcels"))
                .singleElement().satisfies(r -> assertThat(r.query()).isEqualTo("recalculate=nativebbox,latlonbbox"));
    }

    @Test
    void syncThatFailsHalfWayRecoversOnTheNextSync() {
        // Three 500s: the first attempt and both retries of the buildings feature type fail.
        FAKE.failNext("/featuretypes/buildings", 3, 500);

        PublishingStatus broken = publishing.sync();

        assertThat(broken.state()).isEqualTo("partial");
        assertThat(broken.resources()).filteredOn(r -> !r.ok()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("buildings");
            assertThat(r.message()).contains("HTTP 500");
        });
        assertThat(FAKE.featureTypes).doesNotContainKey("infill/infill/buildings").containsKey("infill/infill/zoning");
        assertThat(FAKE.layerGroups.get("infill/infill").path("publishables").path("published")
                .findValuesAsString("name")).doesNotContain("infill:buildings");

        PublishingStatus recovered = publishing.sync();

        assertThat(recovered.state()).isEqualTo("ok");
        assertThat(FAKE.featureTypes).containsKey("infill/infill/buildings");
        assertThat(FAKE.layerGroups.get("infill/infill").path("publishables").path("published")
                .findValuesAsString("name")).contains("infill:buildings");
        assertThat(FAKE.log).filteredOn(r -> r.status() == 409 || r.status() == 403).isEmpty();
    }

    @Test
    void deletedScenarioLosesItsViewAndItsGeoServerLayerOnTheNextSync() {
        publishing.sync();
        assertThat(FAKE.featureTypes).containsKey("infill/infill/results_pub_beta");
        jdbc.sql("DELETE FROM scenario WHERE slug = 'pub-beta'").update();

        PublishingStatus status = publishing.sync();

        assertThat(status.state()).isEqualTo("ok");
        assertThat(FAKE.featureTypes).doesNotContainKey("infill/infill/results_pub_beta")
                .containsKey("infill/infill/results_pub_alpha");
        assertThat(FAKE.layers).doesNotContainKey("infill:results_pub_beta");
        assertThat(FAKE.layerGroups.get("infill/infill").path("publishables").path("published")
                .findValuesAsString("name")).doesNotContain("infill:results_pub_beta");
        assertThat(FAKE.log).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.query()).isEqualTo("recurse=true");
            assertThat(r.status()).isEqualTo(200);
        });
        assertThat(jdbc.sql("SELECT count(*) FROM pg_views WHERE schemaname = 'publish' AND viewname = 'results_pub_beta'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void transientServerErrorsAreRetriedWithBackoff() {
        FAKE.failNext("/rest/workspaces/infill", 2, 503);

        PublishingStatus status = publishing.sync();

        assertThat(status.state()).isEqualTo("ok");
        assertThat(FAKE.log.subList(0, 3)).extracting(FakeGeoServer.Request::status).containsExactly(503, 503, 404);
    }

    @Test
    void wrongCredentialsFailClearlyWithoutARetryStormAndNeverLogThePassword(CapturedOutput output) {
        FAKE.requirePassword("changed-by-an-admin");

        PublishingStatus status = publishing.sync();

        assertThat(status.state()).isEqualTo("failed");
        assertThat(status.resources()).filteredOn(r -> r.kind().equals("workspace")).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("rejected the credentials (HTTP 401)"));
        assertThat(FAKE.log).hasSize(1);
        assertThat(output.getAll()).doesNotContain(FAKE.user() + ":").doesNotContain("geoserver-secret")
                .doesNotContain(DB_PASSWORD).contains("HTTP 401");
    }

    @Test
    void analysisCompletedRefreshesTheScenarioLayerAndTruncatesItsTiles() throws InterruptedException {
        publishing.sync();
        FAKE.clearLog();

        events.publishEvent(new AnalysisCompleted(0, "pub-alpha", 1, 2));

        awaitTruncation("infill:results_pub_alpha");
        assertThat(FAKE.log).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).endsWith("/featuretypes/results_pub_alpha");
            assertThat(r.query()).contains("recalculate=nativebbox,latlonbbox");
        });
        assertThat(FAKE.log).filteredOn(r -> r.path().endsWith("/masstruncate"))
                .allSatisfy(r -> assertThat(r.contentType()).isEqualTo("text/xml"));
        assertThat(FAKE.truncated).doesNotContain("infill:parcels");
    }

    @Test
    void layerLoadedRefreshesThatLayerAndTruncatesItsTiles() throws InterruptedException {
        publishing.sync();

        events.publishEvent(new LayerLoaded("zoning", 1, 2));

        awaitTruncation("infill:zoning");
        assertThat(FAKE.truncated).containsExactly("infill:zoning");
    }

    @Test
    void loadingParcelsAlsoRefreshesEveryScenarioResultDrawnWithTheirGeometry() throws InterruptedException {
        publishing.sync();

        events.publishEvent(new LayerLoaded("parcels", 1, 3));

        awaitTruncation("infill:results_pub_beta");
        assertThat(FAKE.truncated).contains("infill:parcels", "infill:results_pub_alpha", "infill:results_pub_beta");
    }

    @Test
    @SuppressWarnings("unchecked")
    void syncEndpointAndStatusShowTheLastResultPerLayerWithoutSecrets() {
        RestClient http = RestClient.create("http://localhost:" + port);
        String synced = http.post().uri("/api/publishing/sync")
                .headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(String.class);
        Map<String, Object> status = http.get().uri("/api/publishing/status").retrieve().body(Map.class);

        assertThat(status).containsEntry("state", "ok").containsEntry("enabled", true);
        List<Map<String, Object>> resources = (List<Map<String, Object>>) status.get("resources");
        assertThat(resources).anySatisfy(r -> assertThat(r).containsEntry("kind", "layer")
                .containsEntry("name", "results_pub_alpha").containsEntry("ok", true).containsKey("at"));
        assertThat(synced).doesNotContain(DB_PASSWORD).doesNotContain("geoserver-secret");
        assertThat(http.get().uri("/api/publishing/status").retrieve().body(String.class))
                .doesNotContain(DB_PASSWORD).doesNotContain("geoserver-secret");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mapConfigPointsTheWebMapAtThePublicWmsWithEveryLayer() {
        Map<String, Object> config = RestClient.create("http://localhost:" + port)
                .get().uri("/api/config/map").retrieve().body(Map.class);

        assertThat(config).containsEntry("geoserverWmsUrl", "http://maps.example/geoserver/infill/wms")
                .containsEntry("geoserverWfsUrl", "http://maps.example/geoserver/infill/wfs")
                .containsEntry("workspace", "infill").containsEntry("featureInfoFormat", "application/json");
        List<Map<String, Object>> layers = (List<Map<String, Object>>) config.get("layers");
        // one entry per map layer: score, capacity and walk-to-GP share the results' layer, each in its style
        assertThat(layers).contains(
                Map.of("id", "score", "collection", "results-pub-alpha", "geoserverLayer", "infill:results_pub_alpha",
                        "style", "infill:" + SldStyles.SCORE),
                Map.of("id", "capacity", "collection", "results-pub-alpha", "geoserverLayer", "infill:results_pub_alpha",
                        "style", "infill:" + SldStyles.CAPACITY),
                Map.of("id", "walkGp", "collection", "results-pub-alpha", "geoserverLayer", "infill:results_pub_alpha",
                        "style", "infill:" + SldStyles.WALK_GP),
                Map.of("id", "nbhFit", "collection", "neighbourhood-results-pub-alpha",
                        "geoserverLayer", "infill:neighbourhood_results_pub_alpha", "style", "infill:" + SldStyles.AGEING_FIT),
                Map.of("id", "parcels", "collection", "parcels", "geoserverLayer", "infill:parcels",
                        "style", "infill:" + SldStyles.PARCELS));
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthShowsGeoServerReachableWithItsCredentialsAccepted() {
        // The last sync's state and GeoServer's word on the credentials are the service's, not
        // this test's: a sync against the reset fake makes both this test's own.
        publishing.sync();

        Map<String, Object> health = RestClient.create("http://localhost:" + port)
                .get().uri("/actuator/health").headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);
        Map<String, Object> geoserver = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("geoserver");

        assertThat(health).containsEntry("status", "UP");
        assertThat(geoserver).containsEntry("status", "UP");
        assertThat((Map<String, Object>) geoserver.get("details")).containsEntry("reachable", true)
                .containsEntry("credentials", "accepted").containsEntry("state", "OK");
    }

    @Test
    void existenceChecksLeaveNoStackTraceInGeoServersLog() {
        PublishingStatus status = publishing.sync();

        assertThat(status.state()).isEqualTo("ok");
        assertThat(FAKE.log).filteredOn(r -> r.status() == 404).isNotEmpty()
                .allSatisfy(r -> assertThat(r.query()).contains("quietOnNotFound=true"));
        assertThat(FAKE.severeLog).isEmpty();
    }

    @Test
    void aLayerWhoseStyleGeoServerLacksIsReportedInsteadOfCountedAsPublished() {
        // The buildings style cannot be stored (three 500s: the first try and both retries); the
        // layer's PUT naming it still gets 200, and GeoServer draws it with its generic style.
        FAKE.failNext("POST", "/styles?name=" + SldStyles.BUILDINGS, 3, 500, "Error writing style");

        PublishingStatus status = publishing.sync();

        assertThat(FAKE.layers.get("infill:buildings").path("defaultStyle").path("name").asString()).isEqualTo("polygon");
        assertThat(status.resources()).filteredOn(r -> r.kind().equals("layer") && r.name().equals("buildings"))
                .singleElement().satisfies(r -> {
                    assertThat(r.ok()).isFalse();
                    assertThat(r.message()).contains("kept style polygon", "infill:" + SldStyles.BUILDINGS);
                });
        assertThat(status.resources()).filteredOn(r -> r.kind().equals("style") && r.name().equals(SldStyles.BUILDINGS))
                .singleElement().satisfies(r -> assertThat(r.message()).contains("HTTP 500", "Error writing style"));
        assertThat(status.state()).isEqualTo("partial");
    }

    @Test
    void aRefusedCreateKeepsGeoServersOwnReasonWithoutItsHtmlPage() {
        // Another client creates the style between this sync's GET (404) and its POST: GeoServer
        // answers with Tomcat's error page around its reason.
        FAKE.failNext("POST", "/styles?name=" + SldStyles.PARCELS, 1, 403, "Style " + SldStyles.PARCELS + " already exists.");

        PublishingStatus status = publishing.sync();

        assertThat(status.resources()).filteredOn(r -> r.kind().equals("style") && r.name().equals(SldStyles.PARCELS))
                .singleElement().satisfies(r -> {
                    assertThat(r.ok()).isFalse();
                    assertThat(r.message()).contains("HTTP 403", "Style " + SldStyles.PARCELS + " already exists.")
                            .doesNotContain("<", "Tahoma");
                });
    }

    @Test
    void layerGroupBoundsFollowTheDataWhenAnotherLayerIsLoaded() throws InterruptedException {
        publishing.sync();
        double before = FAKE.layerGroups.get("infill/infill").path("bounds").path("maxx").asDouble();
        // A parcel in Groningen, far east of anything the tests load around Zoetermeer.
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                VALUES ('PUBLISHING-IT-FAR', 'GM0014', 10000,
                        ST_GeomFromText('MULTIPOLYGON(((250000 590000, 250100 590000, 250100 590100, 250000 590100, 250000 590000)))', 28992))""")
                .update();
        // A real load bumps the layer's version with its rows; extents are kept per version, so a
        // version another test already used would bring that version's (smaller) extent back.
        long version = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
        try {
            events.publishEvent(new LayerLoaded("parcels", 1, version));
            awaitTruncation("infill:parcels");
            awaitGroupMaxX(250100.0);

            assertThat(before).isLessThan(250000.0);
            assertThat(FAKE.layerGroups.get("infill/infill").path("bounds").path("maxx").asDouble()).isEqualTo(250100.0);
            assertThat(FAKE.layerGroups.get("infill/infill").path("bounds").path("maxy").asDouble()).isEqualTo(590100.0);
        } finally {
            jdbc.sql("DELETE FROM parcel WHERE source_id = 'PUBLISHING-IT-FAR'").update();
        }
    }

    @Test
    void anAnalysisRunAfterAPartialSyncGroupsOnlyTheLayersGeoServerHas() throws InterruptedException {
        FAKE.failNext("/featuretypes/buildings", 3, 500);
        assertThat(publishing.sync().state()).isEqualTo("partial");
        FAKE.clearLog();
        Instant before = Instant.now();

        events.publishEvent(new AnalysisCompleted(0, "pub-alpha", 1, 2));
        awaitIdleSince(before);

        assertThat(syncStatus.status().resources()).filteredOn(r -> r.kind().equals("layergroup")).singleElement()
                .satisfies(r -> assertThat(r.ok()).as(r.message()).isTrue());
        assertThat(FAKE.layerGroups.get("infill/infill").path("publishables").path("published").findValuesAsString("name"))
                .contains("infill:results_pub_alpha", "infill:zoning").doesNotContain("infill:buildings");
        assertThat(FAKE.log).noneSatisfy(r -> assertThat(r.status()).isEqualTo(500));
    }

    @Test
    void aLayerWithoutATileLayerIsRefreshedWithNothingToTruncate() throws InterruptedException {
        FAKE.cacheLayersByDefault(false);
        publishing.sync();
        Instant before = Instant.now();

        events.publishEvent(new LayerLoaded("zoning", 1, 2));
        awaitIdleSince(before);

        assertThat(syncStatus.status().resources()).filteredOn(r -> r.kind().equals("layer") && r.name().equals("zoning"))
                .singleElement().satisfies(r -> {
                    assertThat(r.ok()).as(r.message()).isTrue();
                    assertThat(r.message()).contains("no cached tiles (GeoWebCache has no tile layer for it)");
                });
        assertThat(syncStatus.status().state()).isEqualTo("ok");
        assertThat(FAKE.truncated).isEmpty();
    }

    private static String entry(JsonNode ds, String key) {
        for (JsonNode e : ds.path("connectionParameters").path("entry")) {
            if (e.get("@key").asString().equals(key)) {
                return e.get("$").asString();
            }
        }
        return null;
    }

    private void awaitGroupMaxX(double maxx) throws InterruptedException {
        // The refresh runs on the publishing pool after the event; on a loaded CI machine it can take
        // well over ten seconds, so wait up to a minute (it returns as soon as the bounds arrive).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (FAKE.layerGroups.get("infill/infill").path("bounds").path("maxx").asDouble() < maxx
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Waits until a refresh started after {@code since} has finished. */
    private void awaitIdleSince(Instant since) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            PublishingStatus s = syncStatus.status();
            if (!"running".equals(s.state()) && s.finishedAt() != null && s.finishedAt().isAfter(since)
                    && s.startedAt().isAfter(since)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no refresh finished after " + since + ": " + syncStatus.status());
    }

    private static void awaitTruncation(String layer) throws InterruptedException {
        for (int i = 0; i < 200 && !FAKE.truncated.contains(layer); i++) {
            Thread.sleep(50);
        }
        assertThat(FAKE.truncated).contains(layer);
    }
}
