package nl.infill.analysis;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nl.infill.system.Sql;

/**
 * Stored criteria per parcel ({@code analysis.parcel_criteria}), the walking network and the
 * walking distances. All spatial work is in SQL (functions of migration V4__analysis, criteria-compute.sql).
 */
@Repository
class CriteriaStore {

    record DataState(String dataVersion, long streetsVersion, boolean hasParcels) {
    }

    record CriteriaState(String dataVersion, String distanceMethod, int parcels, OffsetDateTime computedAt) {
    }

    record NetworkState(long streetsVersion, int vertices, int edges, int mainVertices, OffsetDateTime builtAt) {
    }

    private final JdbcClient jdbc;

    CriteriaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    DataState dataState() {
        return jdbc.sql(Sql.load("analysis/data-version.sql"))
                .query((rs, n) -> new DataState(rs.getString("data_version"), rs.getLong("streets_version"),
                        rs.getBoolean("has_parcels")))
                .single();
    }

    Optional<CriteriaState> criteriaState(double storeyHeight) {
        return jdbc.sql(Sql.load("analysis/criteria-state.sql")).param("storeyHeight", storeyHeight)
                .query((rs, n) -> new CriteriaState(rs.getString("data_version"), rs.getString("distance_method"),
                        rs.getInt("parcels"), rs.getObject("computed_at", OffsetDateTime.class)))
                .optional();
    }

    Optional<NetworkState> network() {
        return jdbc.sql(Sql.load("analysis/network-state.sql"))
                .query((rs, n) -> new NetworkState(rs.getLong("streets_version"), rs.getInt("vertices"),
                        rs.getInt("edges"), rs.getInt("main_vertices"), rs.getObject("built_at", OffsetDateTime.class)))
                .optional();
    }

    void lock() {
        jdbc.sql(Sql.load("analysis/criteria-lock.sql")).query().singleRow();
    }

    void buildNetwork(double gridM) {
        jdbc.sql(Sql.load("analysis/network-build.sql")).param("gridM", gridM).query(Integer.class).single();
    }

    String computeWalks(double maxWalkM) {
        return jdbc.sql(Sql.load("analysis/walks-compute.sql")).param("maxWalkM", maxWalkM).query(String.class).single();
    }

    int recompute(double storeyHeight, String dataVersion) {
        jdbc.sql(Sql.load("analysis/criteria-delete.sql")).param("storeyHeight", storeyHeight).update();
        int n = jdbc.sql(Sql.load("analysis/criteria-compute.sql")).param("storeyHeight", storeyHeight)
                .param("dataVersion", dataVersion).update();
        jdbc.sql(Sql.load("analysis/criteria-state-save.sql")).param("storeyHeight", storeyHeight)
                .param("dataVersion", dataVersion).update();
        return n;
    }
}
