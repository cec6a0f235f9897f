package nl.infill.analysis;

import static nl.infill.analysis.CriteriaIT.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import nl.infill.InfillApplication;

/**
 * Two replicas on one database (docs/scaling.md): replica A is this test's context, replica B a second
 * application context with its own port, pool, claimer and executor. Short leases (3 s) and polls keep
 * the test quick; the production defaults are 60 s and 5 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "infill.analysis.run-on-startup=false",
        "infill.instance-id=replica-a",
        "infill.analysis.runs.slots=1",
        "infill.analysis.runs.lease=3s",
        "infill.analysis.runs.heartbeat=500ms",
        "infill.analysis.runs.poll-interval=300ms"})
class RunQueueIT {

    private static final String PREFIX = "test-queue-";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RunQueue queue;

    AnalysisFixtures fx;
    long parcel;

    @BeforeEach
    void oneParcelInAResidentialZone() {
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-10 -10, 100 -10, 100 100, -10 100, -10 -10))", "wonen", 2.0, null, null);
        parcel = fx.parcel("POLYGON((0 0, 40 0, 40 25, 0 25, 0 0))", 1000);
    }

    /** Replica B: the same application on the same database, with its own name, port, pool and claimer. */
    private static ConfigurableApplicationContext replicaB() {
        // as command-line arguments: they outrank application.yml (default properties would not)
        return new SpringApplicationBuilder(InfillApplication.class).run(
                "--server.port=0",
                "--infill.analysis.run-on-startup=false",
                "--infill.instance-id=replica-b",
                "--infill.analysis.runs.slots=1",
                "--infill.analysis.runs.lease=3s",
                "--infill.analysis.runs.heartbeat=500ms",
                "--infill.analysis.runs.poll-interval=300ms");
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    /** Runs this context executed, whatever their outcome (a run executed twice would count twice). */
    private static long executed(MeterRegistry registry) {
        return registry.find("infill.run.duration").timers().stream().mapToLong(Timer::count).sum();
    }

    private Connection holdScenarioRow(String slug) throws java.sql.SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM scenario WHERE slug = ? FOR NO KEY UPDATE")) {
            ps.setString(1, slug);
            ps.executeQuery().close();
        }
        return c;
    }

    private Map<String, Object> row(long runId) {
        return jdbc.sql("SELECT status, owner, attempts, error FROM analysis_run WHERE id = ?").param(runId)
                .query().singleRow();
    }

    private static void await(String what, Supplier<Boolean> condition) {
        for (int i = 0; i < 1200; i++) {
            if (condition.get()) {
                return;
            }
            AnalysisFixtures.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    @SuppressWarnings("unchecked")
    private long post(AnalysisFixtures via, String slug) {
        Map<String, Object> started = via.http().post().uri("/api/scenarios/{slug}/runs", slug).retrieve().body(Map.class);
        assertThat(started.get("status")).isIn("queued", "running");
        return ((Number) started.get("id")).longValue();
    }

    @Test
    void aRunAcceptedByABusyReplicaIsExecutedExactlyOnceByWhicheverReplicaHasASlot() throws Exception {
        List<String> slugs = List.of(PREFIX + "0", PREFIX + "1", PREFIX + "2", PREFIX + "3", PREFIX + "4");
        for (String slug : slugs) {
            fx.scenario(slug, AnalysisFixtures.capacityOnly(), Map.of());
        }
        try (ConfigurableApplicationContext b = replicaB()) {
            MeterRegistry metersB = b.getBean(MeterRegistry.class);
            long executedA = executed(meters);
            long executedB = executed(metersB);
            List<Long> ids = new ArrayList<>();
            try (Connection blocker = holdScenarioRow(slugs.get(0))) {
                // A's only slot: the first run, held before its commit
                ids.add(post(fx, slugs.get(0)));
                assertThat(row(ids.get(0)).get("owner")).isEqualTo("replica-a");
                // accepted by A, which has no free slot: queued, and B (woken by NOTIFY) takes the first
                for (String slug : slugs.subList(1, slugs.size())) {
                    ids.add(post(fx, slug));
                }
                await("another replica executed the second run", () -> "succeeded".equals(row(ids.get(1)).get("status")));
                // B, or any other replica on this database: the suite keeps earlier test classes'
                // application contexts alive, and each of them is a replica with a claimer too
                assertThat(row(ids.get(1)).get("owner")).isNotNull().isNotEqualTo("replica-a");
                // progress and status come from the database, so A answers for B's run and B for A's
                assertThat(fx.waitFor(ids.get(1)).get("status")).isEqualTo("succeeded");
                var viaB = new AnalysisFixtures(jdbc, port(b));
                assertThat(viaB.http().get().uri("/api/runs/{id}", ids.get(0)).retrieve().body(Map.class).get("status"))
                        .isEqualTo("running");
                blocker.rollback();
            }
            for (long id : ids) {
                assertThat(fx.waitFor(id).get("status")).isEqualTo("succeeded");
                // claimed once, by one replica
                assertThat(((Number) row(id).get("attempts")).intValue()).isEqualTo(1);
            }
            assertThat(jdbc.sql("SELECT count(DISTINCT owner) FROM analysis_run WHERE id IN (:ids)").param("ids", ids)
                    .query(Long.class).single()).isGreaterThanOrEqualTo(2);
            // five runs, each claimed once (attempts above); A and B executed no more than five: none ran twice
            assertThat((executed(meters) - executedA) + (executed(metersB) - executedB)).isLessThanOrEqualTo(ids.size());
            assertThat(jdbc.sql("SELECT count(*) FROM analysis_run WHERE status IN ('queued', 'running')")
                    .query(Long.class).single()).isZero();
            // 1,000 m2 x FSImax 2.0 = 2,000 m2, nothing built; 2,000 / 90 dwellings, whoever ran it
            for (String slug : slugs) {
                assertThat(num(fx.result(slug, parcel), "extraDwellings")).isCloseTo(2000.0 / 90, within(1e-9));
            }
        }
    }

    @Test
    void aRunWhoseReplicaStopsMidRunIsQueuedAgainAfterItsLeaseAndFinishedByAnother() throws Exception {
        String slug = PREFIX + "kill";
        fx.scenario(slug, AnalysisFixtures.capacityOnly(), Map.of());
        long runId;
        try (Connection blocker = holdScenarioRow(slug)) {
            ConfigurableApplicationContext b = replicaB();
            try {
                var viaB = new AnalysisFixtures(jdbc, port(b));
                runId = post(viaB, slug);
                assertThat(row(runId).get("owner")).isEqualTo("replica-b");
                await("B's run reached its commit", () -> "commit".equals(fx.http().get().uri("/api/runs/{id}", runId)
                        .retrieve().body(Map.class).get("stage")));
            } finally {
                // replica B goes away mid-run: no more heartbeats, its connections closed
                b.close();
            }
            // a reaper finds the lease expired and queues the run again; a replica with a free slot (A, or
            // another test class's context still alive in this JVM) claims it for a second attempt
            await("another replica took the run over", () -> {
                Object owner = row(runId).get("owner");
                return owner != null && !"replica-b".equals(owner);
            });
            assertThat(row(runId).get("status")).isEqualTo("running");
            assertThat(((Number) row(runId).get("attempts")).intValue()).isEqualTo(2);
            blocker.rollback();
        }
        var run = fx.waitFor(runId);
        assertThat(run.get("status")).isEqualTo("succeeded");
        assertThat(num(fx.result(slug, parcel), "extraDwellings")).isCloseTo(2000.0 / 90, within(1e-9));
        assertThat(((Number) fx.result(slug, parcel).get("runId")).longValue()).isEqualTo(runId);
    }

    @Test
    void aRunThatLostItsReplicaTwiceIsFailedNamingWhyAndNeverStaysRunning() {
        String slug = PREFIX + "twice";
        fx.scenario(slug, AnalysisFixtures.capacityOnly(), Map.of());
        // as a second replica that claimed the run (its second attempt) and then died leaves it
        long runId = jdbc.sql("INSERT INTO analysis_run (scenario_id, status, stage, percent, owner, lease_until, attempts) "
                        + "SELECT id, 'running', 'criteria', 5, 'replica-gone', now() - interval '1 second', 2 "
                        + "FROM scenario WHERE slug = ? RETURNING id")
                .param(slug).query(Long.class).single();
        var run = fx.waitFor(runId);
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat(run.get("error").toString()).contains("instance executing the run stopped")
                .contains("Previous results are unchanged");
        assertThat(run.get("finishedAt")).isNotNull();
    }

    @Test
    void aRestartedInstanceQueuesAgainTheRunItsPreviousProcessWasCutOffInWithoutWaitingForTheLease() {
        String slug = PREFIX + "restart";
        fx.scenario(slug, AnalysisFixtures.capacityOnly(), Map.of());
        // left by this instance's previous process, with a lease that has not expired yet
        long runId = jdbc.sql("INSERT INTO analysis_run (scenario_id, status, stage, percent, owner, lease_until, attempts) "
                        + "SELECT id, 'running', 'scoring', 70, 'replica-a', now() + interval '1 hour', 1 "
                        + "FROM scenario WHERE slug = ? RETURNING id")
                .param(slug).query(Long.class).single();
        // what the startup of an instance with this id does first
        queue.reap("replica-a");
        var run = fx.waitFor(runId);
        assertThat(run.get("status")).isEqualTo("succeeded");
        assertThat(((Number) row(runId).get("attempts")).intValue()).isEqualTo(2);
        assertThat(num(fx.result(slug, parcel), "extraDwellings")).isCloseTo(2000.0 / 90, within(1e-9));
    }
}
