package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthIT {

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void adminSeesPostgisWithItsVersions() {
        Map<String, Object> body = RestClient.create("http://localhost:" + port)
                .get().uri("/actuator/health").headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);
        assertThat(body).containsEntry("status", "UP");
        Map<String, Object> postgis = (Map<String, Object>) ((Map<String, Object>) body.get("components")).get("postgis");
        assertThat(postgis).containsEntry("status", "UP");
        Map<String, Object> details = (Map<String, Object>) postgis.get("details");
        assertThat((String) details.get("postgresql")).startsWith("15");
        assertThat((String) details.get("postgis")).startsWith("3.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anonymousCallersGetTheStatusOnlyNoComponentsVersionsOrDiskPaths() {
        String raw = RestClient.create("http://localhost:" + port).get().uri("/actuator/health").retrieve().body(String.class);
        Map<String, Object> body = tools.jackson.databind.json.JsonMapper.builder().build().readValue(raw, Map.class);
        // the names of the probe groups (liveness, readiness) are Spring's, not internals
        assertThat(body).containsEntry("status", "UP").doesNotContainKeys("components", "details");
        assertThat(body.keySet()).isSubsetOf("status", "groups");
        assertThat(raw).doesNotContain("postgis").doesNotContain("diskSpace").doesNotContain("version");
    }

    @Test
    void componentPathsNeedTheAdminRole() {
        for (String path : new String[] {"/actuator/health/postgis", "/actuator/health/diskSpace", "/actuator/health/db"}) {
            var anonymous = RestClient.create("http://localhost:" + port).get().uri(path)
                    .exchange((req, res) -> res.getStatusCode().value(), true);
            assertThat(anonymous).as(path).isEqualTo(401);
            var editor = RestClient.create("http://localhost:" + port).get().uri(path)
                    .headers(h -> h.setBasicAuth("editor", "editor"))
                    .exchange((req, res) -> res.getStatusCode().value(), true);
            assertThat(editor).as(path + " as editor").isEqualTo(403);
        }
        var admin = RestClient.create("http://localhost:" + port).get().uri("/actuator/health/postgis")
                .headers(h -> h.setBasicAuth("admin", "admin")).exchange((req, res) -> res.getStatusCode().value(), true);
        assertThat(admin).isEqualTo(200);
    }
}
