package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;

import nl.infill.layers.Layer;
import nl.infill.system.schema.OwnerDatabase;

/**
 * The criteria stage in parallel chunks gives the single statement's criteria, every column of every
 * parcel (computed_at aside, a timestamp), on hand-made layers whose buildings, zones, constraints and
 * neighbourhoods straddle the chunk borders and on the generated sample city.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CriteriaParallelIT {

    private static final double STOREY = 3.0;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CriteriaStore criteria;
    @Autowired
    CriteriaChunks chunks;
    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void handMadeParcelsOnChunkBordersGetTheSameCriteriaWithTwoAndThreeWorkersAsTheSingleStatement() {
        handMadeRow();
        assertParallelEqualsSingle(2);
        assertParallelEqualsSingle(3);
    }

    /**
     * The hang found with parallel criteria on by default: the run's transaction holds the layers'
     * locks and waits on its workers, a load's TRUNCATE queues for an exclusive lock behind it, and the
     * workers' own locks queue behind the TRUNCATE. The workers give up after their lock_timeout and the
     * run computes the same criteria in its own transaction; the TRUNCATE then waits only for the run.
     */
    @Test
    void workersQueuedBehindALoadsTruncateHandTheCriteriaToTheRunsOwnTransaction() throws Exception {
        handMadeRow();
        long buildings = jdbc.sql("SELECT count(*) FROM building").query(Long.class).single();
        ExecutorService loader = Executors.newSingleThreadExecutor();
        try (Connection owner = DriverManager.getConnection(OwnerDatabase.URL, OwnerDatabase.USER, OwnerDatabase.PASSWORD)) {
            owner.setAutoCommit(false);
            try (Statement st = owner.createStatement()) {
                // bounds the test should the fallback ever break: the TRUNCATE gives up, the workers go on
                st.execute("SET lock_timeout = '60s'");
            }
            var tx = new TransactionTemplate(txManager);
            tx.executeWithoutResult(status -> {
                criteria.lock();
                String version = criteria.dataState().dataVersion();
                criteria.computeWalks(3000);
                int single = criteria.recompute(STOREY, version); // this transaction now holds building's lock
                jdbc.sql("CREATE TEMP TABLE single_criteria ON COMMIT DROP AS "
                        + "SELECT * FROM analysis.parcel_criteria WHERE storey_height_m = ?").param(STOREY).update();
                Future<?> truncate = loader.submit(() -> {
                    try (Statement st = owner.createStatement()) {
                        st.execute("TRUNCATE building"); // as a bulk load's infill_bulk_swap_begin does
                        owner.rollback();
                    }
                    return null;
                });
                awaitQueuedExclusiveLock("building", truncate);

                var computed = chunks.recompute(STOREY, version, 2);

                assertThat(computed.fellBack()).as("fell back to the single statement").isTrue();
                assertThat(computed.parcels()).isEqualTo(single);
                assertThat(truncate).as("the TRUNCATE still waits for the run, nobody was cancelled").isNotDone();
                assertSameRows("the fallback");
                long scratch = jdbc.sql("SELECT count(*) FROM analysis.criteria_chunk").query(Long.class).single();
                assertThat(scratch).as("scratch rows left").isZero();
                status.setRollbackOnly();
            });
            loader.shutdown();
            assertThat(loader.awaitTermination(30, TimeUnit.SECONDS)).as("TRUNCATE ran once the run ended").isTrue();
        } finally {
            loader.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM building").query(Long.class).single()).isEqualTo(buildings);
    }

    /** Waits until the other session's exclusive lock on the table is queued (not granted). */
    private void awaitQueuedExclusiveLock(String table, Future<?> holder) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            long queued = jdbc.sql("SELECT count(*) FROM pg_locks WHERE relation = to_regclass(?) "
                    + "AND mode = 'AccessExclusiveLock' AND NOT granted").param(table).query(Long.class).single();
            if (queued > 0) {
                return;
            }
            assertThat(holder).as("the TRUNCATE ended before it queued").isNotDone();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no exclusive lock on " + table + " queued within 20 s");
    }

    /** A row of 24 parcels whose buildings, zones, constraints and neighbourhoods cross any stripe border. */
    private void handMadeRow() {
        var fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        // a row of 24 parcels 20 m wide; every building, zone, constraint and neighbourhood spans
        // several parcels, so that whatever the stripes are, some straddle their borders
        for (int i = 0; i < 24; i++) {
            int x = i * 20;
            fx.parcel("POLYGON((" + x + " 0, " + (x + 20) + " 0, " + (x + 20) + " 30, " + x + " 30, " + x + " 0))", 600);
            if (i % 2 == 0) {
                fx.building("B" + i, "POLYGON((" + (x + 12) + " 5, " + (x + 28) + " 5, " + (x + 28) + " 20, "
                        + (x + 12) + " 20, " + (x + 12) + " 5))", 1960 + i, i % 4 == 0 ? "wonen" : "kantoor", 3);
                if (i % 3 == 0) {
                    fx.unit("B" + i, "wonen,winkel", 120.0, x + 15, 10);
                    fx.unit("B" + i, "kantoor", 80.0, x + 25, 10);
                }
            } else {
                fx.building("POLYGON((" + (x + 2) + " 22, " + (x + 8) + " 22, " + (x + 8) + " 28, " + (x + 2) + " 28, "
                        + (x + 2) + " 22))", null, null, null, 7.5, i == 5);
            }
        }
        fx.zone("POLYGON((-5 -5, 170 -5, 170 40, -5 40, -5 -5))", "wonen", 1.5, 0.6, 12.0);
        fx.zone("POLYGON((170 -5, 330 -5, 330 40, 170 40, 170 -5))", "gemengd", null, 0.5, 9.0);
        fx.zone("POLYGON((330 -5, 400 -5, 400 40, 330 40, 330 -5))", "groen", null, null, null);
        fx.constraintArea("POLYGON((90 10, 250 10, 250 50, 90 50, 90 10))", "hard");
        fx.constraintArea("POLYGON((200 -10, 450 -10, 450 15, 200 15, 200 -10))", "soft");
        fx.neighbourhood("BU01", "POLYGON((-10 -10, 215 -10, 215 50, -10 50, -10 -10))", 18.0);
        fx.neighbourhood("BU02", "POLYGON((215 -10, 500 -10, 500 50, 215 50, 215 -10))", 31.0);
        fx.street("LINESTRING(-10 35, 500 35)");
        fx.street("LINESTRING(240 35, 240 200)");
        fx.amenity("supermarket", 100, 40);
        fx.amenity("gp", 240, 150);
        fx.amenity("pharmacy", 400, 38);
        fx.amenity("primary_school", 10, 40);
        fx.amenity("pt_stop", 300, 36);
        fx.bumpVersions();
    }

    @Test
    void sampleCityGetsTheSameCriteriaWithTwoWorkersAsTheSingleStatement() throws Exception {
        Path gpkg = Files.createTempDirectory("infill-parallel").resolve("city.gpkg");
        nl.infill.data.SampleCityGenerator.main(new String[] {"--out", gpkg.toString(), "--parcels", "2000"});
        var fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        for (Layer layer : Layer.values()) {
            var form = new LinkedMultiValueMap<String, Object>();
            form.add("file", new FileSystemResource(gpkg));
            form.add("preset", "infill");
            form.add("table", layer.id());
            int status = fx.http().post().uri("/api/layers/{layer}/loads", layer.id())
                    .contentType(MediaType.MULTIPART_FORM_DATA).body(form)
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(status).as("load of %s", layer.id()).isEqualTo(201);
        }
        assertParallelEqualsSingle(2);
    }

    /**
     * In one transaction, rolled back: the single statement's rows, then the chunks' rows, compared
     * as whole rows (jsonb of every column but computed_at), both ways, duplicates counted.
     */
    private void assertParallelEqualsSingle(int workers) {
        var tx = new TransactionTemplate(txManager);
        tx.executeWithoutResult(status -> {
            criteria.lock();
            String version = criteria.dataState().dataVersion();
            criteria.computeWalks(3000);
            int single = criteria.recompute(STOREY, version);
            jdbc.sql("CREATE TEMP TABLE single_criteria ON COMMIT DROP AS "
                    + "SELECT * FROM analysis.parcel_criteria WHERE storey_height_m = ?").param(STOREY).update();
            var parallel = chunks.recompute(STOREY, version, workers);
            long parcels = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
            assertThat(single).isEqualTo(parcels).isGreaterThan(20);
            assertThat(parallel.fellBack()).as("fell back to the single statement").isFalse();
            assertThat(parallel.parcels()).isEqualTo(single);
            assertSameRows(workers + " workers");
            // the fixture must exercise what the chunks could get wrong
            Map<String, Object> cover = jdbc.sql("SELECT count(*) FILTER (WHERE unit_count > 0) AS units, "
                    + "count(*) FILTER (WHERE hard_constraint_share > 0) AS hard, "
                    + "count(DISTINCT neighbourhood_id) AS nbs, count(*) FILTER (WHERE footprint_m2 > 0) AS built "
                    + "FROM analysis.parcel_criteria WHERE storey_height_m = ?").param(STOREY).query().singleRow();
            assertThat(((Number) cover.get("built")).longValue()).isGreaterThan(10);
            assertThat(((Number) cover.get("nbs")).longValue()).isGreaterThan(1);
            assertThat(((Number) cover.get("units")).longValue()).as("parcels with BAG units").isPositive();
            long scratch = jdbc.sql("SELECT count(*) FROM analysis.criteria_chunk").query(Long.class).single();
            assertThat(scratch).as("scratch rows left").isZero();
            status.setRollbackOnly();
        });
    }

    /** parcel_criteria equals single_criteria as whole rows (every column but computed_at), both ways, duplicates counted. */
    private void assertSameRows(String what) {
        String rows = "SELECT to_jsonb(c) - 'computed_at' FROM %s c WHERE storey_height_m = " + STOREY;
        long missing = jdbc.sql("SELECT count(*) FROM (" + rows.formatted("single_criteria") + " EXCEPT ALL "
                + rows.formatted("analysis.parcel_criteria") + ") d").query(Long.class).single();
        long extra = jdbc.sql("SELECT count(*) FROM (" + rows.formatted("analysis.parcel_criteria") + " EXCEPT ALL "
                + rows.formatted("single_criteria") + ") d").query(Long.class).single();
        assertThat(missing).as("single-statement rows %s did not produce", what).isZero();
        assertThat(extra).as("rows of %s the single statement did not produce", what).isZero();
    }
}
