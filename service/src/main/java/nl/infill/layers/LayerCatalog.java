package nl.infill.layers;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import nl.infill.system.ApiProblem;
import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Each layer with its feature count, extent, data version and last load. */
@Service
public class LayerCatalog {

    /** Extent in EPSG:28992 and in CRS84 (lon/lat), null when the layer is empty. */
    public record LayerInfo(String id, String geometryType, long featureCount, long version,
                            double[] extentRd, double[] extentCrs84, Long lastLoadId,
                            OffsetDateTime lastLoadedAt, String lastSource) {
    }

    private final JdbcClient jdbc;

    LayerCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<LayerInfo> layers() {
        List<LayerInfo> out = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            out.add(info(layer));
        }
        return out;
    }

    public LayerInfo layer(String id) {
        Layer layer = Layer.byId(id).orElseThrow(() -> ApiProblem.notFound("layer",
                "Unknown layer '" + id + "'. Known layers: " + String.join(", ", Layer.ids()) + "."));
        return info(layer);
    }

    /** The data version of a layer: bumped by every successful load. */
    public long version(Layer layer) {
        return jdbc.sql("SELECT version FROM layer_state WHERE layer = :layer")
                .param("layer", layer.id()).query(Long.class).optional().orElse(0L);
    }

    private LayerInfo info(Layer layer) {
        // The table name comes from the Layer whitelist, never from input.
        String sql = Sql.load("layers/layer-info.sql").replace("{table}", layer.table());
        return jdbc.sql(sql).param("layer", layer.id()).query((rs, i) -> new LayerInfo(
                layer.id(), layer.geometryType(), rs.getLong("feature_count"), rs.getLong("version"),
                extent(rs, "rd"), extent(rs, "wgs"),
                (Long) rs.getObject("last_load_id", Long.class),
                rs.getObject("last_loaded_at", OffsetDateTime.class), rs.getString("last_source")))
                .single();
    }

    private static double[] extent(java.sql.ResultSet rs, String prefix) throws java.sql.SQLException {
        Object minx = rs.getObject(prefix + "_minx");
        if (minx == null) {
            return null;
        }
        return new double[] {rs.getDouble(prefix + "_minx"), rs.getDouble(prefix + "_miny"),
                rs.getDouble(prefix + "_maxx"), rs.getDouble(prefix + "_maxy")};
    }
}
