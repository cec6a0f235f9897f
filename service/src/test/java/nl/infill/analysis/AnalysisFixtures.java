package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * Hand-made layer data for analysis tests, inserted straight into the layer tables (all in
 * EPSG:28992 metres, around an arbitrary origin), plus helpers to drive the API.
 */
final class AnalysisFixtures {

    static final String ORIGIN_X = "100000";

    private final JdbcClient jdbc;
    private final RestClient http;

    AnalysisFixtures(JdbcClient jdbc, int port) {
        this.jdbc = jdbc;
        this.http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("editor", "editor")).build();
    }

    RestClient http() {
        return http;
    }

    /** Empties every layer and bumps every layer version, so criteria are stale. */
    void clearLayers() {
        jdbc.sql("DELETE FROM parcel; DELETE FROM building; DELETE FROM zoning; DELETE FROM amenity; "
                + "DELETE FROM neighbourhood; DELETE FROM street; DELETE FROM constraint_area; DELETE FROM building_unit").update();
        bumpVersions();
    }

    void bumpVersions() {
        jdbc.sql("UPDATE layer_state SET version = version + 1, changed_at = now()").update();
    }

    /** A parcel from local WKT (metres from the origin), returns its id. */
    long parcel(String wkt, double areaM2) {
        return jdbc.sql("INSERT INTO parcel (source_id, area_m2, geom) VALUES ('T-' || nextval('parcel_id_seq'), ?, "
                        + "ST_Multi(ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000))) RETURNING id")
                .params(areaM2, wkt).query(Long.class).single();
    }

    void building(String wkt, Integer year, String use, Integer storeys, Double heightM, boolean monument) {
        jdbc.sql("INSERT INTO building (construction_year, use, storeys, height_m, monument, geom) VALUES (?, ?, ?, ?, ?, "
                        + "ST_Multi(ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000)))")
                .params(year, use, storeys, heightM, monument, wkt).update();
    }

    /** A building with a BAG pand id, so that units can name it. */
    void building(String sourceId, String wkt, Integer year, String use, Integer storeys) {
        jdbc.sql("INSERT INTO building (source_id, construction_year, use, storeys, monument, geom) VALUES (?, ?, ?, ?, false, "
                        + "ST_Multi(ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000)))")
                .params(sourceId, year, use, storeys, wkt).update();
    }

    /** A BAG unit (verblijfsobject) of building {@code buildingSourceId} at local x, y. */
    void unit(String buildingSourceId, String use, Double usableM2, double x, double y) {
        jdbc.sql("INSERT INTO building_unit (source_id, building_source_id, use, usable_area_m2, status, geom) "
                        + "VALUES ('U-' || nextval('building_unit_id_seq'), ?, ?, ?, 'Verblijfsobject in gebruik', "
                        + "ST_SetSRID(ST_MakePoint(? + 100000, ? + 450000), 28992))")
                .params(buildingSourceId, use, usableM2, x, y).update();
    }

    void zone(String wkt, String function, Double maxFsi, Double maxCoverage, Double maxHeightM) {
        jdbc.sql("INSERT INTO zoning (function, max_fsi, max_coverage, max_height_m, geom) VALUES (?, ?, ?, ?, "
                        + "ST_Multi(ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000)))")
                .params(function, maxFsi, maxCoverage, maxHeightM, wkt).update();
    }

    void amenity(String type, double x, double y) {
        jdbc.sql("INSERT INTO amenity (type, name, geom) VALUES (?, ?, ST_SetSRID(ST_MakePoint(? + 100000, ? + 450000), 28992))")
                .params(type, type, x, y).update();
    }

    void street(String wkt) {
        jdbc.sql("INSERT INTO street (class, walkable, geom) VALUES ('minor', true, "
                        + "ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000))")
                .params(wkt).update();
    }

    void constraintArea(String wkt, String severity) {
        jdbc.sql("INSERT INTO constraint_area (kind, severity, geom) VALUES ('test', ?, "
                        + "ST_Multi(ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000)))")
                .params(severity, wkt).update();
    }

    long neighbourhood(String code, String wkt, double pop65Pct) {
        return jdbc.sql("INSERT INTO neighbourhood (code, name, population, pop_65plus_pct, geom) VALUES (?, ?, 1000, ?, "
                        + "ST_Multi(ST_Translate(ST_GeomFromText(?, 28992), 100000, 450000))) RETURNING id")
                .params(code, code, pop65Pct, wkt).query(Long.class).single();
    }

    /** Creates (or replaces) a scenario through the API. */
    void scenario(String slug, Map<String, Object> weights, Map<String, Object> params) {
        http.delete().uri("/api/scenarios/{slug}", slug).exchange((req, res) -> res.getStatusCode());
        var status = http.post().uri("/api/scenarios")
                .body(Map.of("slug", slug, "name", "Test " + slug, "weights", weights, "params", params))
                .exchange((req, res) -> res.getStatusCode());
        assertThat(status).isEqualTo(HttpStatusCode.valueOf(201));
    }

    /** Starts a run through the API and waits for it to end; returns the final run document. */
    @SuppressWarnings("unchecked")
    Map<String, Object> runAndWait(String slug) {
        Map<String, Object> started = http.post().uri("/api/scenarios/{slug}/runs", slug).retrieve().body(Map.class);
        return waitFor(((Number) started.get("id")).longValue());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> waitFor(long runId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> run;
            try {
                run = http.get().uri("/api/runs/{id}", runId).retrieve().body(Map.class);
            } catch (org.springframework.web.client.HttpServerErrorException.ServiceUnavailable healing) {
                // Right after a database restart the pool may still hand out a connection that died
                // with the server (the run queue's heartbeat keeps connections too busy for Hikari's
                // idle check): the service answers 503 with Retry-After, and a client tries again.
                sleep(200);
                continue;
            }
            if (List.of("succeeded", "failed").contains(run.get("status"))) {
                return run;
            }
            sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish within 5 minutes");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> result(String slug, long parcelId) {
        return http.get().uri("/api/scenarios/{slug}/parcels/{id}", slug, parcelId).retrieve().body(Map.class);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Weights of only the capacity criterion: the score is then 100 x the capacity percentile. */
    static Map<String, Object> capacityOnly() {
        return Map.of("capacity", 1);
    }
}
