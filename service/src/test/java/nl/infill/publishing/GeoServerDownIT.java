package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** GeoServer down (connection refused): the sync fails visibly after its retries, the service stays UP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class GeoServerDownIT {

    static final String ADMIN_PASSWORD = "down-admin-secret-99";

    @DynamicPropertySource
    static void geoserver(DynamicPropertyRegistry r) {
        r.add("infill.geoserver.enabled", () -> "true");
        r.add("infill.geoserver.url", () -> "http://127.0.0.1:" + closedPort() + "/geoserver");
        r.add("infill.geoserver.password", () -> ADMIN_PASSWORD);
        r.add("infill.geoserver.retries", () -> "2");
        r.add("infill.geoserver.backoff", () -> "10ms");
        r.add("infill.geoserver.sync-on-startup", () -> "false");
        // A start-up analysis run would publish AnalysisCompleted, whose background refresh also
        // tries the unreachable GeoServer and would blur the attempt count of the sync under test.
        r.add("infill.analysis.run-on-startup", () -> "false");
    }

    @Autowired
    GeoServerClient client;

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void unreachableGeoServerShowsAFailedSyncAfterRetriesWhileServiceHealthStaysUp(CapturedOutput output) {
        long before = client.attempts();

        RestClient http = RestClient.create("http://localhost:" + port);
        Map<String, Object> status = http.post().uri("/api/publishing/sync")
                .headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);

        assertThat(status).containsEntry("state", "failed");
        assertThat(String.valueOf(status.get("message"))).contains("not reachable").contains("after 3 attempts");
        // One call (GET workspace) tried 1 + 2 retries; nothing after it was attempted.
        assertThat(client.attempts() - before).isEqualTo(3);
        assertThat(output.getAll()).contains("retry 1 of 2").contains("retry 2 of 2").doesNotContain(ADMIN_PASSWORD);

        Map<String, Object> health = http.get().uri("/actuator/health").headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);
        Map<String, Object> geoserver = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("geoserver");
        assertThat(health).containsEntry("status", "UP");
        assertThat(geoserver).containsEntry("status", "UP");
        assertThat((Map<String, Object>) geoserver.get("details")).containsEntry("reachable", false)
                .containsEntry("state", "DEGRADED").containsEntry("lastSync", "failed");
        assertThat(http.get().uri("/api/publishing/status").retrieve().body(String.class))
                .contains("\"ok\":false").doesNotContain(ADMIN_PASSWORD);
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
