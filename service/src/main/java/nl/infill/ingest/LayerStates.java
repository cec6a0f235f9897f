package nl.infill.ingest;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import nl.infill.layers.Layer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Public read API of what ingest keeps per layer: its data version (bumped by every load, in the
 * load's transaction) and its last load. Other modules read this instead of {@code layer_state}
 * and {@code load_history}, which are ingest's tables.
 */
@Service
public class LayerStates {

    /**
     * One layer's state.
     *
     * @param version      0 before the first load
     * @param lastLoadId   the load that produced this version; null before the first load
     * @param lastLoadedAt when that load finished
     * @param lastSource   the file name the load was given
     */
    public record LayerState(Layer layer, long version, Long lastLoadId, OffsetDateTime lastLoadedAt,
                             String lastSource) {
    }

    private final JdbcClient jdbc;

    LayerStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every layer in {@link Layer} order, in one read; a layer without a state row has version 0. */
    public Map<Layer, LayerState> all() {
        Map<String, LayerState> byId = new LinkedHashMap<>();
        jdbc.sql(IngestSql.load("layer-states.sql")).query(rs -> {
            Layer layer = Layer.byId(rs.getString("layer")).orElse(null);
            if (layer != null) {
                byId.put(layer.id(), new LayerState(layer, rs.getLong("version"), rs.getObject("last_load_id", Long.class),
                        rs.getObject("last_loaded_at", OffsetDateTime.class), rs.getString("last_source")));
            }
        });
        Map<Layer, LayerState> out = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            out.put(layer, byId.getOrDefault(layer.id(), new LayerState(layer, 0, null, null, null)));
        }
        return out;
    }
}
