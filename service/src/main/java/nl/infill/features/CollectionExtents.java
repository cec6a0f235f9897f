package nl.infill.features;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;
import nl.infill.layers.Layer;
import nl.infill.system.Sql;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The extent of each collection, computed once per data version instead of by a full ST_Extent on
 * every landing page (seconds on a million features). An extent is kept with the version it was
 * computed for: a layer's version, or for results the scenario's id and results version and the
 * version of the layer the geometry comes from. Each request reads the current versions (one
 * small query), so a load by another instance or by hand in psql is seen at once; the load and run
 * events of this instance also drop the old extents, as they do the old tiles.
 */
@Component
class CollectionExtents {

    /** The current data version of every collection, read once per request. */
    record Versions(Map<String, String> byCollection) {
    }

    private record Entry(String version, Optional<double[]> extent) {
    }

    private final JdbcClient jdbc;
    private final FeatureStore store;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    CollectionExtents(JdbcClient jdbc, FeatureStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    Versions versions() {
        Map<String, Long> layers = new HashMap<>();
        Map<String, long[]> scenarios = new HashMap<>();
        jdbc.sql(Sql.load("features/versions.sql")).query(rs -> {
            if ("layer".equals(rs.getString("kind"))) {
                layers.put(rs.getString("name"), rs.getLong("version"));
            } else {
                scenarios.put(rs.getString("name"), new long[] {rs.getLong("scenario_id"), rs.getLong("version")});
            }
        });
        Map<String, String> out = new HashMap<>();
        for (Layer layer : Layer.values()) {
            out.put(layer.id(), "l" + layers.getOrDefault(layer.id(), 0L));
        }
        scenarios.forEach((slug, s) -> {
            String scenario = "s" + s[0] + "r" + s[1];
            out.put(CollectionRegistry.RESULTS + slug,
                    scenario + "p" + layers.getOrDefault(Layer.PARCELS.id(), 0L));
            out.put(CollectionRegistry.NEIGHBOURHOOD_RESULTS + slug,
                    scenario + "n" + layers.getOrDefault(Layer.NEIGHBOURHOODS.id(), 0L));
        });
        return new Versions(Map.copyOf(out));
    }

    /** Extent in CRS84 {minLon, minLat, maxLon, maxLat}, or null for an empty collection. */
    double[] extent(FeatureCollectionDef c, Versions versions) {
        String version = versions.byCollection().get(c.id());
        if (version == null) {
            // Created after the versions were read: compute, but do not keep under an unknown version.
            return store.extent(c);
        }
        Entry e = cache.get(c.id());
        if (e == null || !e.version().equals(version)) {
            e = new Entry(version, Optional.ofNullable(store.extent(c)));
            cache.put(c.id(), e);
        }
        return e.extent().map(double[]::clone).orElse(null);
    }

    @EventListener
    void layerLoaded(LayerLoaded event) {
        cache.keySet().removeIf(id -> id.equals(event.layer())
                || Layer.PARCELS.id().equals(event.layer()) && id.startsWith(CollectionRegistry.RESULTS)
                || Layer.NEIGHBOURHOODS.id().equals(event.layer()) && id.startsWith(CollectionRegistry.NEIGHBOURHOOD_RESULTS));
    }

    @EventListener
    void analysisCompleted(AnalysisCompleted event) {
        cache.remove(CollectionRegistry.RESULTS + event.scenarioSlug());
        cache.remove(CollectionRegistry.NEIGHBOURHOOD_RESULTS + event.scenarioSlug());
    }
}
