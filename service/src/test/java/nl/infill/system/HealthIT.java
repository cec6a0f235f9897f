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
    void healthReportsPostgisWithItsVersions() {
        Map<String, Object> body = RestClient.create("http://localhost:" + port)
                .get().uri("/actuator/health").retrieve().body(Map.class);
        assertThat(body).containsEntry("status", "UP");
        Map<String, Object> postgis = (Map<String, Object>) ((Map<String, Object>) body.get("components")).get("postgis");
        assertThat(postgis).containsEntry("status", "UP");
        Map<String, Object> details = (Map<String, Object>) postgis.get("details");
        assertThat((String) details.get("postgresql")).startsWith("15");
        assertThat((String) details.get("postgis")).startsWith("3.");
    }
}
