package nl.infill.tiles;

import java.nio.charset.StandardCharsets;

import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Renders tiles with ST_AsMVT (one statement per collection family). */
@Repository
class TileStore {

    /** Per-tile query parameters derived from the zoom and the settings. */
    record Render(TileMatrixSet tms, int z, int x, int y, double toleranceM, double minSizeM, int maxFeatures) {
    }

    private final JdbcClient jdbc;

    TileStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The MVT bytes; empty (zero bytes: a tile without layers) when nothing falls in the tile. */
    byte[] tile(TileCollection collection, Render r) {
        byte[] mvt = bind(Sql.load(collection.family().sqlFile()), collection, r).query(byte[].class).optional().orElse(null);
        return mvt == null ? new byte[0] : mvt;
    }

    /**
     * A results tile's side channel (results-criteria.sql): the scaled criteria of its parcels as
     * JSON, for the same parcels as {@link #tile}.
     */
    byte[] criteria(TileCollection collection, Render r) {
        return bind(Sql.load("tiles/results-criteria.sql"), collection, r).query(String.class).single()
                .getBytes(StandardCharsets.UTF_8);
    }

    private JdbcClient.StatementSpec bind(String sql, TileCollection collection, Render r) {
        double[] bounds = r.tms().bounds();
        return jdbc.sql(sql)
                .param("z", r.z()).param("x", r.x()).param("y", r.y())
                .param("bxmin", bounds[0]).param("bymin", bounds[1]).param("bxmax", bounds[2]).param("bymax", bounds[3])
                .param("srid", r.tms().srid())
                .param("tolerance", r.toleranceM())
                .param("min_size", r.minSizeM())
                .param("max_features", r.maxFeatures())
                .param("scenario_id", collection.scenarioId())
                .param("layer", collection.id());
    }
}
