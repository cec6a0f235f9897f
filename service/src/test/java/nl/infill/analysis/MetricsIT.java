package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * /actuator/prometheus: only for the admin and metrics roles, and after a tile, a load and a run
 * it names Infill's metrics (tile cache hits and misses, load sizes, run and stage durations)
 * beside http.server.requests. Lives with the analysis fixtures because a run needs a small city.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // A list binds from one source only: the test users of config/application.yml, plus a scraper.
        "infill.security.users[0].name=editor",
        "infill.security.users[0].password-hash=$2a$04$DW44l8qMIdsfpvsMZXRzuOLnEc9r7Qy15fkxjVrR9j4K5LsJjmHB.",
        "infill.security.users[0].roles=editor",
        "infill.security.users[1].name=admin",
        "infill.security.users[1].password-hash=$2a$04$4KsyJXTlmpRafLcfBR1vsuJeNpVWYTqGq1zH.WlP6C4K3diTe44a.",
        "infill.security.users[1].roles=admin",
        "infill.security.users[2].name=scraper",
        // BCrypt (cost 4) of "scraper"
        "infill.security.users[2].password-hash=$2a$04$./GulywV6CcdJGE8zoRDfe/Zq.f8DLuWnCY1bIn.UPgguRu8DVr9G",
        "infill.security.users[2].roles=metrics"})
class MetricsIT {

    private static final String SLUG = "metrics-it";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void prometheusNamesTileCacheLoadAndRunMetricsAfterEachWasExercised() {
        AnalysisFixtures fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-100 -100, 2100 -100, 2100 100, -100 100, -100 -100))", "wonen", 1.0, null, null);
        fx.street("LINESTRING(0 0, 400 0)");
        fx.amenity("gp", 0, 0);
        fx.parcel("POLYGON((90 0, 110 0, 110 20, 90 20, 90 0))", 400);
        fx.scenario(SLUG, Map.of("capacity", 1, "amenities", 1), Map.of());

        // A load through the API: one GeoJSON amenity of 1 feature.
        String geojson = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
                + "\"urn:ogc:def:crs:EPSG::28992\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"type\":\"gp\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[100000,450000]}}]}";
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", new ByteArrayResource(geojson.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "gp.geojson";
            }
        });
        int load = fx.http().post().uri("/api/layers/amenities/loads").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts).exchange((req, res) -> res.getStatusCode().value());
        assertThat(load).isEqualTo(201);

        Map<String, Object> run = fx.runAndWait(SLUG);
        assertThat(run.get("status")).isEqualTo("succeeded");

        // The same tile twice: a miss, then a hit.
        RestClient anonymous = RestClient.create("http://localhost:" + port);
        for (int i = 0; i < 2; i++) {
            int tile = anonymous.get().uri("/tiles/parcels/14/8413/5384.mvt")
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(tile).isIn(200, 204);
        }

        int anonymousScrape = anonymous.get().uri("/actuator/prometheus")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(anonymousScrape).isEqualTo(401);
        assertThat(status("editor", "editor")).isEqualTo(403);
        String metrics = scrape("admin", "admin");
        assertThat(metrics)
                .containsPattern("cache_gets_total\\{[^}]*cache=\"tiles\"[^}]*result=\"hit\"[^}]*\\} [1-9]")
                .containsPattern("cache_gets_total\\{[^}]*cache=\"tiles\"[^}]*result=\"miss\"[^}]*\\} [1-9]")
                .containsPattern("infill_load_features_count\\{layer=\"amenities\"\\} [1-9]")
                .containsPattern("infill_load_features_sum\\{layer=\"amenities\"\\} 1\\.0")
                .containsPattern("infill_load_bytes_sum\\{layer=\"amenities\"\\} " + geojson.length() + "\\.0")
                .containsPattern("infill_run_duration_seconds_count\\{outcome=\"succeeded\"\\} [1-9]")
                .containsPattern("infill_run_stage_duration_seconds_count\\{stage=\"score\"\\} [1-9]")
                .containsPattern("infill_run_stage_duration_seconds_count\\{stage=\"commit\"\\} [1-9]")
                .contains("http_server_requests_seconds_bucket");
        // The scraper's account reads metrics and nothing it could change.
        assertThat(scrape("scraper", "scraper")).contains("infill_run_duration_seconds");
        int write = RestClient.create("http://localhost:" + port).post().uri("/api/scenarios/{slug}/runs", SLUG)
                .headers(h -> h.setBasicAuth("scraper", "scraper"))
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(write).isEqualTo(403);
    }

    private int status(String user, String password) {
        return RestClient.create("http://localhost:" + port).get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth(user, password)).exchange((req, res) -> res.getStatusCode().value());
    }

    private String scrape(String user, String password) {
        return RestClient.create("http://localhost:" + port).get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth(user, password)).retrieve().body(String.class);
    }
}
