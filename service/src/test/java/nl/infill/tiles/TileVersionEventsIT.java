package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * With a version TTL of an hour, only the events can move a collection's version: this proves
 * that requests read versions from memory (no database round trip) and that LayerLoaded and
 * AnalysisCompleted refresh them at once. No start-up run in this context: its AnalysisCompleted
 * would refresh the versions in the middle of a test (whether one starts depends on what the
 * test classes before left in the database).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.tiles.version-ttl=1h", "infill.analysis.run-on-startup=false"})
class TileVersionEventsIT {

    static final String SCENARIO = "tiles-events-it";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    long scenarioId;

    @BeforeEach
    void scenarioWithResultsVersionOne() {
        jdbc.sql("DELETE FROM scenario WHERE slug = :s").param("s", SCENARIO).update();
        scenarioId = jdbc.sql("""
                INSERT INTO scenario (slug, name, weights, params, results_version)
                VALUES (:s, 'Tile events IT', '{}', '{}', 1) RETURNING id""").param("s", SCENARIO)
                .query(Long.class).single();
        // A scenario this instance has not seen yet is found by re-reading the versions at once.
        events.publishEvent(new AnalysisCompleted(scenarioId, SCENARIO, 0, 1));
    }

    @Test
    void analysisCompletedMovesTheResultsVersionThatTheDatabaseAloneDoesNot() throws Exception {
        String v1 = version("results-" + SCENARIO);
        assertThat(v1).isEqualTo("s" + scenarioId + "r1p" + layerVersion("parcels"));

        jdbc.sql("UPDATE scenario SET results_version = 2 WHERE id = :id").param("id", scenarioId).update();
        // No event yet, and the TTL is an hour: the version in memory still holds.
        assertThat(version("results-" + SCENARIO)).isEqualTo(v1);

        events.publishEvent(new AnalysisCompleted(scenarioId, SCENARIO, 7, 2));
        assertThat(version("results-" + SCENARIO)).isEqualTo("s" + scenarioId + "r2p" + layerVersion("parcels"));
    }

    @Test
    void layerLoadedMovesTheLayerVersionAndTheResultsDrawnOnIt() throws Exception {
        String layerV1 = version("parcels");
        String resultsV1 = version("results-" + SCENARIO);
        long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
        assertThat(version("parcels")).isEqualTo(layerV1);

        events.publishEvent(new LayerLoaded("parcels", 0, v));
        assertThat(version("parcels")).isEqualTo("l" + v);
        assertThat(version("results-" + SCENARIO)).isNotEqualTo(resultsV1).endsWith("p" + v);
    }

    @Test
    void aTileUrlNamingANewerVersionIsServedFromTheNewerData() throws Exception {
        String v1 = version("parcels");
        long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
        // Another instance already hands out ?v=l{v}: this one looks again instead of calling it
        // stale (at most every 200 ms, so poll briefly rather than rely on when the last read was).
        HttpResponse<byte[]> r = null;
        for (int i = 0; i < 20; i++) {
            r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/tiles/parcels/16/33748/21601.mvt?v=l" + v)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.headers().firstValue("ETag").orElseThrow().startsWith("\"l" + v + "-")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag").orElseThrow()).startsWith("\"l" + v + "-");
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(version("parcels")).isNotEqualTo(v1);
    }

    private long layerVersion(String layer) {
        return jdbc.sql("SELECT version FROM layer_state WHERE layer = :l").param("l", layer).query(Long.class).single();
    }

    private String version(String collection) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/tiles/" + collection + ".json")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<?, ?> doc = json.readValue(r.body(), Map.class);
        String url = (String) ((List<?>) doc.get("tiles")).get(0);
        return url.substring(url.indexOf("?v=") + 3);
    }
}
