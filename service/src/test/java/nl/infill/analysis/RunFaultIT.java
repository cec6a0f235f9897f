package nl.infill.analysis;

import static nl.infill.analysis.CriteriaIT.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.infill.support.PostgresControl;

/** PostgreSQL stopped in the middle of a run: the run ends failed, old results survive, no restart. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "infill.analysis.failure-retry-interval=500ms")
class RunFaultIT {

    private static final String SLUG = "test-fault";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void databaseStoppedDuringARunMarksItFailedAndKeepsThePreviousResults() throws Exception {
        PostgresControl.assumeControllable();
        var fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-10 -10, 100 -10, 100 100, -10 100, -10 -10))", "wonen", 2.0, null, null);
        long parcel = fx.parcel("POLYGON((0 0, 40 0, 40 25, 0 25, 0 0))", 1000);
        fx.scenario(SLUG, AnalysisFixtures.capacityOnly(), Map.of());
        assertThat(fx.runAndWait(SLUG).get("status")).isEqualTo("succeeded");
        // 1,000 m2 x FSImax 2.0 = 2,000 m2, nothing built; 2,000 / 90 dwellings
        assertThat(num(fx.result(SLUG, parcel), "extraDwellings")).isCloseTo(2000.0 / 90, within(1e-9));

        fx.http().put().uri("/api/scenarios/{slug}", SLUG)
                .body(Map.of("name", "Test", "weights", Map.of("capacity", 1), "params", Map.of("dwellingSizeM2", 50)))
                .retrieve().toBodilessEntity();
        long runId;
        Connection blocker = dataSource.getConnection();
        try {
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement("SELECT id FROM scenario WHERE slug = ? FOR NO KEY UPDATE")) {
                ps.setString(1, SLUG);
                ps.executeQuery().close();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> started = fx.http().post().uri("/api/scenarios/{slug}/runs", SLUG).retrieve().body(Map.class);
            runId = ((Number) started.get("id")).longValue();
            for (int i = 0; i < 600 && !"commit".equals(stage(fx, runId)); i++) {
                AnalysisFixtures.sleep(100);
            }
            assertThat(stage(fx, runId)).isEqualTo("commit");
            AnalysisFixtures.sleep(300);
            PostgresControl.stopImmediately();
        } finally {
            try {
                blocker.close();
            } catch (Exception ignored) {
                // the connection died with the server
            }
            PostgresControl.start();
        }

        Map<String, Object> run = fx.waitFor(runId);
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat(run.get("error").toString()).contains("database connection was lost").contains("commit");
        // previous results (dwelling size 90) still served, by the same service instance
        assertThat(num(fx.result(SLUG, parcel), "extraDwellings")).isCloseTo(2000.0 / 90, within(1e-9));
        // and the service runs again without a restart: 2,000 / 50 = 40
        assertThat(fx.runAndWait(SLUG).get("status")).isEqualTo("succeeded");
        assertThat(num(fx.result(SLUG, parcel), "extraDwellings")).isCloseTo(40, within(1e-9));
    }

    @SuppressWarnings("unchecked")
    private static String stage(AnalysisFixtures fx, long runId) {
        return (String) fx.http().get().uri("/api/runs/{id}", runId).retrieve().body(Map.class).get("stage");
    }
}
