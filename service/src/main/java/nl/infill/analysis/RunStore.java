package nl.infill.analysis;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.infill.system.Sql;

/** Runs in table {@code analysis_run}: status, stage and percent, summary, error. */
@Repository
class RunStore {

    record Run(long id, String scenario, String status, String stage, int percent, String summary, String error,
               String dataVersion, Boolean criteriaReused, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    private final JdbcClient jdbc;

    RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the scenario already has an active run */
    long insert(long scenarioId) {
        return jdbc.sql(Sql.load("analysis/run-insert.sql")).param("scenarioId", scenarioId).query(Long.class).single();
    }

    /** Call in a transaction of its own: its commit does not wait for the WAL flush. */
    void progress(long id, String stage, int percent) {
        jdbc.sql(Sql.load("analysis/run-progress-no-flush.sql")).query().singleValue();
        jdbc.sql(Sql.load("analysis/run-progress.sql")).param("id", id).param("stage", stage)
                .param("percent", percent).update();
    }

    void succeeded(long id, String summaryJson, String dataVersion, boolean criteriaReused) {
        jdbc.sql(Sql.load("analysis/run-succeeded.sql")).param("id", id).param("summary", summaryJson)
                .param("dataVersion", dataVersion).param("criteriaReused", criteriaReused).update();
    }

    void failed(long id, String error) {
        jdbc.sql(Sql.load("analysis/run-failed.sql")).param("id", id).param("error", error).update();
    }

    int failOrphans() {
        return jdbc.sql(Sql.load("analysis/run-orphans-fail.sql")).update();
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
