package nl.infill.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code load_history} rows: the load reports. */
@Repository
class LoadStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Counts known when a load ends, successful or not. */
    record Outcome(String format, String crs, String table, int read, int filtered, int loaded, int repaired,
                   int reduced, int rejected, List<LoadReport.Rejection> rejections) {
    }

    private final JdbcClient jdbc;

    LoadStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long start(String layer, String source, String format, String preset, String crs, String table) {
        return jdbc.sql(IngestSql.load("history-start.sql"))
                .param("layer", layer).param("source", source).param("format", format).param("preset", preset)
                .param("crs", crs).param("table", table)
                .query(Long.class).single();
    }

    void succeed(long id, Outcome o, long version, long durationMs) {
        jdbc.sql(IngestSql.load("history-succeed.sql"))
                .param("id", id).param("format", o.format()).param("crs", o.crs()).param("table", o.table())
                .param("read", o.read()).param("filtered", o.filtered()).param("loaded", o.loaded())
                .param("repaired", o.repaired()).param("reduced", o.reduced()).param("rejected", o.rejected())
                .param("rejections", JSON.writeValueAsString(o.rejections())).param("version", version)
                .param("durationMs", durationMs)
                .update();
    }

    void fail(long id, Outcome o, String message, String where, long durationMs) {
        jdbc.sql(IngestSql.load("history-fail.sql"))
                .param("id", id).param("format", o.format()).param("crs", o.crs()).param("table", o.table())
                .param("read", o.read()).param("filtered", o.filtered()).param("rejected", o.rejected())
                .param("rejections", JSON.writeValueAsString(o.rejections()))
                .param("message", message).param("where", where).param("durationMs", durationMs)
                .update();
    }

    /** Locks the load's row for the rest of the load's transaction: the sign that it is alive. */
    void claim(long id) {
        jdbc.sql(IngestSql.load("history-claim.sql")).param("id", id).query(Long.class).single();
    }

    /**
     * Marks failed the load {@code id} (or, with {@code null}, every load) left 'running' by a
     * transaction that is gone; live and committed loads are left alone. Returns how many.
     */
    int settle(Long id, String message) {
        return jdbc.sql(IngestSql.load("history-settle.sql"))
                .param("id", id, java.sql.Types.BIGINT).param("message", message).update();
    }

    Optional<String> status(long id) {
        return jdbc.sql(IngestSql.load("history-status.sql")).param("id", id).query(String.class).optional();
    }

    Optional<LoadReport> find(long id) {
        return query(id, null, 1).stream().findFirst();
    }

    List<LoadReport> recent(String layer, int limit) {
        return query(null, layer, limit);
    }

    private List<LoadReport> query(Long id, String layer, int limit) {
        return jdbc.sql(IngestSql.load("history-select.sql"))
                .param("id", id, java.sql.Types.BIGINT).param("layer", layer, java.sql.Types.VARCHAR)
                .param("limit", limit)
                .query(LoadStore::report).list();
    }

    private static LoadReport report(ResultSet rs, int row) throws SQLException {
        List<LoadReport.Rejection> rejections = new ArrayList<>();
        JsonNode arr = JSON.readTree(rs.getString("rejections"));
        for (JsonNode r : arr.values()) {
            // loads before the location was kept have no lon/lat
            rejections.add(new LoadReport.Rejection(r.path("index").asLong(), r.path("reason").asString(),
                    r.path("lon").isNumber() ? r.path("lon").asDouble() : null,
                    r.path("lat").isNumber() ? r.path("lat").asDouble() : null));
        }
        return new LoadReport(rs.getLong("id"), rs.getString("layer"), rs.getString("status"),
                rs.getString("source_name"), rs.getString("source_format"), rs.getString("preset"),
                rs.getString("source_crs"), rs.getString("source_table"), rs.getInt("features_read"),
                rs.getInt("features_filtered"), rs.getInt("features_loaded"), rs.getInt("features_repaired"),
                rs.getInt("features_reduced"), rs.getInt("features_rejected"), rejections, rs.getString("message"),
                rs.getString("problem_where"), rs.getObject("layer_version", Long.class),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getObject("duration_ms", Long.class), harvest(rs), plan(rs.getString("plan_report")));
    }

    private static LoadReport.PlanReport plan(String json) {
        return json == null ? null : JSON.readValue(json, LoadReport.PlanReport.class);
    }

    /** An IMRO plan load's report, written in the load's transaction. */
    void planReport(long id, LoadReport.PlanReport plan) {
        jdbc.sql(IngestSql.load("history-plan-report.sql"))
                .param("plan", JSON.writeValueAsString(plan)).param("id", id).update();
    }

    private static LoadReport.Harvest harvest(ResultSet rs) throws SQLException {
        if (rs.getObject("progress_id") == null) {
            return null;
        }
        long features = rs.getLong("progress_features");
        Long matched = rs.getObject("progress_number_matched", Long.class);
        Integer percent = matched == null || matched <= 0 ? null : (int) Math.min(100, features * 100 / matched);
        return new LoadReport.Harvest(rs.getInt("progress_pages"), features, matched, percent,
                rs.getString("progress_page_url"), rs.getObject("progress_updated_at", OffsetDateTime.class));
    }

    /** A harvest's progress, written in a transaction of its own (see V3__ingest.sql). */
    void progress(long id, int pages, long features, Long numberMatched, String pageUrl) {
        jdbc.sql(IngestSql.load("progress-save.sql"))
                .param("loadId", id).param("pages", pages).param("features", features)
                .param("numberMatched", numberMatched, java.sql.Types.BIGINT).param("pageUrl", pageUrl)
                .update();
    }
}
