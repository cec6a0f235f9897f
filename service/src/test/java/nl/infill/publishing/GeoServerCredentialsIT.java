package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The service starts with a GeoServer password that GeoServer does not accept. GeoServer holds a
 * failed login back 1-5 s (here 3 s, a value from that range), longer than the health check's two
 * seconds: the health must still say "reachable, credentials rejected", not "not reachable".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeoServerCredentialsIT {

    static final FakeGeoServer FAKE = FakeGeoServer.started();

    static {
        FAKE.loginDelay(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @DynamicPropertySource
    static void geoserver(DynamicPropertyRegistry r) {
        FAKE.configure(r);
        r.add("infill.geoserver.password", () -> "not-" + FAKE.password());
        r.add("infill.analysis.run-on-startup", () -> "false");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    @Test
    void aWrongPasswordShowsAsRejectedCredentialsAndNeverAsGeoServerDown() throws InterruptedException {
        Map<String, Object> first = geoserverHealth();

        assertThat(first).containsEntry("reachable", true).containsEntry("state", "DEGRADED")
                .containsEntry("credentials", "unverified");
        assertThat(String.valueOf(first.get("error"))).contains("holds a failed login back");

        Map<String, Object> later = first;
        for (int i = 0; i < 100 && !"rejected".equals(later.get("credentials")); i++) {
            Thread.sleep(100);
            later = geoserverHealth();
            assertThat(later).containsEntry("reachable", true);
        }
        assertThat(later).containsEntry("credentials", "rejected").containsEntry("state", "DEGRADED");
        assertThat(String.valueOf(later.get("error"))).contains("rejected the credentials (HTTP 401)");
        assertThat(FAKE.failedLogins).as("one check, not one per health call").hasValue(1);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> geoserverHealth() {
        Map<String, Object> health = RestClient.create("http://localhost:" + port).get().uri("/actuator/health")
                .headers(h -> h.setBasicAuth("admin", "admin")).retrieve().body(Map.class);
        assertThat(health).containsEntry("status", "UP");
        Map<String, Object> geoserver = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("geoserver");
        assertThat(geoserver).containsEntry("status", "UP");
        return (Map<String, Object>) geoserver.get("details");
    }
}
