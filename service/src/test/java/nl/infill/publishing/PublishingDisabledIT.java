package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/** Out of the box (infill.geoserver.enabled=false) the web map uses vector tiles and nothing calls GeoServer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublishingDisabledIT {

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void withoutGeoServerTheMapConfigHasNoWmsUrlAndSyncIsAConflict() {
        RestClient http = RestClient.create("http://localhost:" + port);

        Map<String, Object> config = http.get().uri("/api/config/map").retrieve().body(Map.class);
        assertThat(config).containsEntry("geoserverWmsUrl", null).containsEntry("geoserverWfsUrl", null)
                .containsEntry("workspace", "infill");

        Map<String, Object> status = http.get().uri("/api/publishing/status").retrieve().body(Map.class);
        assertThat(status).containsEntry("enabled", false).containsEntry("state", "disabled");

        var sync = http.post().uri("/api/publishing/sync").headers(h -> h.setBasicAuth("admin", "admin"))
                .exchange((req, res) -> Map.entry(res.getStatusCode().value(), new String(res.getBody().readAllBytes())), true);
        assertThat(sync.getKey()).isEqualTo(409);
        assertThat(sync.getValue()).contains("INFILL_GEOSERVER_ENABLED").doesNotContain("Exception");

        Map<String, Object> health = http.get().uri("/actuator/health").headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);
        Map<String, Object> geoserver = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("geoserver");
        assertThat(geoserver).containsEntry("status", "UP");
        assertThat((Map<String, Object>) geoserver.get("details")).containsEntry("enabled", false);
    }
}
