package nl.infill.tiles;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
    private final String criteriaSql = criteriaStatement(Sql.load("tiles/results.sql"), Sql.load("tiles/results-criteria.sql"));

    TileStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The MVT bytes; empty (zero bytes: a tile without layers) when nothing falls in the tile.
     *
     * @param properties the attributes to keep, comma-separated, checked against the family's fields
     *                   (TileService.properties); null keeps all
     */
    byte[] tile(TileCollection collection, Render r, String properties) {
        String sql = Sql.load(collection.family().sqlFile());
        if (properties != null) {
            sql = onlyProperties(sql, properties.isEmpty() ? List.of() : List.of(properties.split(",")));
        }
        byte[] mvt = bind(sql, collection, r).query(byte[].class).optional().orElse(null);
        return mvt == null ? new byte[0] : mvt;
    }

    /**
     * A tile statement whose ST_AsMVT reads only the feature id, the geometry and {@code columns}
     * of its {@code features}. The names come from the family's field list (a whitelist), quoted.
     */
    static String onlyProperties(String sql, List<String> columns) {
        StringBuilder select = new StringBuilder("'fid') FROM (SELECT fid, geom");
        for (String c : columns) {
            select.append(", \"").append(c.replace("\"", "")).append('"');
        }
        // a tile SQL file of another shape fails rather than answers a tile with every attribute
        return Sql.replaceOnce(sql, "'fid') FROM features", select.append(" FROM features) features").toString(),
                "a tile statement narrowed by ?properties= (TileStore.onlyProperties)");
    }

    /**
     * A results tile's side channel (results-criteria.sql): the scaled criteria of its parcels as
     * JSON, for the same parcels as {@link #tile}.
     */
    byte[] criteria(TileCollection collection, Render r) {
        return bind(criteriaSql, collection, r).query(String.class).single().getBytes(StandardCharsets.UTF_8);
    }

    /** results.sql's {@code tile} and {@code candidates}, then results-criteria.sql's select over them. */
    static String criteriaStatement(String results, String select) {
        // results.sql changed shape: fail at startup, not with criteria for other parcels
        int at = Sql.indexOfOnce(results, "), features AS (", "tiles/results.sql's candidates, for the side channel (TileStore.criteriaStatement)");
        return results.substring(0, at) + ")\n" + select;
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
