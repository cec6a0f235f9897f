package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.infill.support.PostgresControl;

/**
 * PostgreSQL going away: requests get a clean 503 problem+json with Retry-After (no 500, no
 * internals), nothing is half-written, and the service serves again by itself once PostgreSQL is
 * back. The recovery time (from pg_ctl start returning to the first 200) is printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseFaultIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private boolean stopped;

    @BeforeEach
    void onlyOnThePrivateCluster() {
        PostgresControl.assumeControllable();
    }

    @AfterEach
    void databaseIsRunningAgain() {
        if (stopped) {
            PostgresControl.start();
            stopped = false;
        }
    }

    private void stopDatabase() {
        stopped = true;
        PostgresControl.stop();
    }

    private long startDatabaseAndWaitUntilServed(String path) throws InterruptedException {
        PostgresControl.start();
        stopped = false;
        long start = System.nanoTime();
        while (true) {
            var r = Http.request(port, "GET", path).send();
            if (r.status() == 200) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("recovered within 30 s").isLessThan(30);
            Thread.sleep(50);
        }
    }

    @Test
    void readsWhileTheDatabaseIsDownAre503ProblemsAndServiceRecoversByItself() throws Exception {
        assertThat(Http.request(port, "GET", "/api/layers").send().status()).isEqualTo(200);
        Map<String, String> before = TableChecksums.of(jdbc);

        stopDatabase();
        for (String path : new String[] {"/api/layers", "/api/layers/parcels"}) {
            var r = Http.request(port, "GET", path).send();
            assertThat(r.status()).as(path + " while down: " + r.body()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("Retry-After")).hasValue("5");
            assertThat(r.body()).contains("Nothing was changed");
            Leaks.assertNoInternals(r, path + " while down");
            assertThat(r.millis()).as("fails fast, not after a long hang").isLessThan(10_000);
        }
        var health = Http.request(port, "GET", "/actuator/health").send();
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("\"DOWN\"");

        long recoveryMs = startDatabaseAndWaitUntilServed("/api/layers");
        System.out.printf("[fault] PostgreSQL restart: first successful /api/layers %d ms after pg_ctl start returned%n",
                recoveryMs);
        assertThat(Http.request(port, "GET", "/actuator/health").send().status()).isEqualTo(200);
        assertThat(TableChecksums.of(jdbc)).isEqualTo(before);
    }

    @Test
    void signInNeedsNoDatabaseSoEditorsCanSignInWhileItIsDown() throws Exception {
        stopDatabase();
        var r = Http.request(port, "POST", "/api/session").basic("editor", "editor")
                .json("{\"username\":\"editor\",\"password\":\"editor\"}").send();
        // Users come from configuration, not from the database.
        assertThat(r.status()).isEqualTo(204);
        startDatabaseAndWaitUntilServed("/api/layers");
    }
}
