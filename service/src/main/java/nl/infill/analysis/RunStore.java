package nl.infill.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.infill.system.Sql;

/** Runs in table {@code analysis_run}: the queue and its leases, status, stage and percent, summary, error. */
@Repository
class RunStore {

    record Run(long id, String scenario, String status, String stage, int percent, String summary, String error,
               String dataVersion, Boolean criteriaReused, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    private final JdbcClient jdbc;

    RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A run claimed by a replica: its id and scenario slug. */
    record Claimed(long id, String scenario) {
    }

    /** A run whose executor went away, as the reaper left it: back in the queue, or failed. */
    record Reaped(long id, String status) {
    }

    /**
     * Accepts a run: claimed by {@code owner} under a lease when {@code claim}, else queued for any replica.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the scenario already has an active run
     */
    long insert(long scenarioId, boolean claim, String owner, Duration lease) {
        return jdbc.sql(Sql.load("analysis/run-insert.sql")).param("scenarioId", scenarioId).param("claim", claim)
                .param("owner", owner).param("leaseS", seconds(lease)).query((rs, n) -> rs.getLong("id")).single();
    }

    /** The oldest queued run, now running under {@code owner}'s lease; empty when none is queued. */
    Optional<Claimed> claim(String owner, Duration lease) {
        return jdbc.sql(Sql.load("analysis/run-claim.sql")).param("owner", owner).param("leaseS", seconds(lease))
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getString("slug"))).optional();
    }

    /** @return false when the run is no longer {@code owner}'s */
    boolean heartbeat(long id, String owner, Duration lease) {
        return jdbc.sql(Sql.load("analysis/run-heartbeat.sql")).param("id", id).param("owner", owner)
                .param("leaseS", seconds(lease)).update() == 1;
    }

    /**
     * Re-queues (fewer than {@code attempts} claims) or fails running runs whose lease expired, and those of
     * {@code restartedOwner} (this instance's id at startup; null otherwise).
     */
    List<Reaped> reap(int attempts, String restartedOwner) {
        return jdbc.sql(Sql.load("analysis/run-reap.sql")).param("attempts", attempts)
                .param("restartedOwner", restartedOwner)
                .query((rs, n) -> new Reaped(rs.getLong("id"), rs.getString("status"))).list();
    }

    /** Call in a transaction of its own: its commit does not wait for the WAL flush. */
    void progress(long id, String owner, String stage, int percent) {
        jdbc.sql(Sql.load("analysis/run-progress-no-flush.sql")).query().singleValue();
        jdbc.sql(Sql.load("analysis/run-progress.sql")).param("id", id).param("owner", owner).param("stage", stage)
                .param("percent", percent).update();
    }

    /** @return false when the run is no longer {@code owner}'s: the caller must roll its results back */
    boolean succeeded(long id, String owner, String summaryJson, String dataVersion, boolean criteriaReused) {
        return jdbc.sql(Sql.load("analysis/run-succeeded.sql")).param("id", id).param("owner", owner)
                .param("summary", summaryJson).param("dataVersion", dataVersion)
                .param("criteriaReused", criteriaReused).update() == 1;
    }

    void failed(long id, String owner, String error) {
        jdbc.sql(Sql.load("analysis/run-failed.sql")).param("id", id).param("owner", owner).param("error", error)
                .update();
    }

    Optional<String> status(long id) {
        return jdbc.sql(Sql.load("analysis/run-status.sql")).param("id", id).query(String.class).optional();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    Optional<Run> byId(long id) {
        return jdbc.sql(Sql.load("analysis/run-by-id.sql")).param("id", id)
                .query((rs, n) -> new Run(rs.getLong("id"), rs.getString("scenario"), rs.getString("status"),
                        rs.getString("stage"), rs.getInt("percent"), rs.getString("summary"), rs.getString("error"),
                        rs.getString("data_version"), (Boolean) rs.getObject("criteria_reused"),
                        rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class)))
                .optional();
    }

    Optional<String> latestSucceededDataVersion(long scenarioId) {
        return jdbc.sql(Sql.load("analysis/run-latest-succeeded.sql")).param("scenarioId", scenarioId)
                .query(String.class).optional();
    }

    boolean hasActiveRun(long scenarioId) {
        return jdbc.sql(Sql.load("analysis/run-active.sql"))
                .param("scenarioId", scenarioId).query(Long.class).single() > 0;
    }
}
