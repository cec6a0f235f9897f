package nl.infill.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.infill.system.Sql;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Scenarios in table {@code scenario} (V4__analysis), weights and params as jsonb. */
@Repository
class ScenarioStore {

    record Row(long id, String slug, String name, String description, Map<String, Double> weights,
               ScenarioParams params, boolean isDefault, long resultsVersion, OffsetDateTime createdAt,
               OffsetDateTime updatedAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ScenarioStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<Row> list() {
        return jdbc.sql(Sql.load("analysis/scenario-list.sql")).query(this::row).list();
    }

    /** Identity and results version of every scenario, without weights and parameters. */
    List<Scenarios.Scenario> versions() {
        return jdbc.sql(Sql.load("analysis/scenario-versions.sql"))
                .query((rs, n) -> new Scenarios.Scenario(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                        rs.getBoolean("is_default"), rs.getLong("results_version"))).list();
    }

    Optional<Row> bySlug(String slug) {
        return jdbc.sql(Sql.load("analysis/scenario-by-slug.sql")).param("slug", slug).query(this::row).optional();
    }

    void insert(String slug, String name, String description, Map<String, Double> weights, ScenarioParams params) {
        jdbc.sql(Sql.load("analysis/scenario-insert.sql"))
                .param("slug", slug).param("name", name).param("description", description)
                .param("weights", json.writeValueAsString(weights))
                .param("params", json.writeValueAsString(params.toMap()))
                .update();
    }

    int update(String slug, String name, String description, Map<String, Double> weights, ScenarioParams params) {
        return jdbc.sql(Sql.load("analysis/scenario-update.sql"))
                .param("slug", slug).param("name", name).param("description", description)
                .param("weights", json.writeValueAsString(weights))
                .param("params", json.writeValueAsString(params.toMap()))
                .update();
    }

    int delete(String slug) {
        return jdbc.sql(Sql.load("analysis/scenario-delete.sql")).param("slug", slug).update();
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        Map<String, Object> rawWeights = json.readValue(rs.getString("weights"), new TypeReference<Map<String, Object>>() { });
        Map<String, Object> rawParams = json.readValue(rs.getString("params"), new TypeReference<Map<String, Object>>() { });
        return new Row(rs.getLong("id"), rs.getString("slug"), rs.getString("name"), rs.getString("description"),
                Weights.stored(rawWeights), ScenarioParams.stored(rawParams), rs.getBoolean("is_default"),
                rs.getLong("results_version"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
