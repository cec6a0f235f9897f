package nl.infill.tiles;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import nl.infill.layers.Layer;

import org.springframework.stereotype.Component;

/**
 * The data versions every tile request needs, held in memory so a request costs no database
 * round trip. Re-read when load or analysis events arrive ({@link #invalidate()}) and at least
 * every {@code infill.tiles.version-ttl}, because another service instance or a load by hand
 * changes the database without telling this one.
 */
@Component
class TileVersions {

    record Scenario(long id, long resultsVersion) {
    }

    record Snapshot(Map<String, Long> layers, Map<String, Scenario> scenarios, long readAtNanos) {

        long layer(Layer layer) {
            return layers.getOrDefault(layer.id(), 0L);
        }
    }

    private final TileStore store;
    private final long ttlNanos;
    private volatile Snapshot snapshot;

    TileVersions(TileStore store, TilesProperties properties) {
        this.store = store;
        this.ttlNanos = properties.versionTtl().toNanos();
    }

    Snapshot current() {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.readAtNanos() > ttlNanos) {
            s = refreshIfOlderThan(Duration.ofNanos(ttlNanos));
        }
        return s;
    }

    /** Re-reads unless the snapshot is younger than {@code maxAge}; one reader at a time. */
    synchronized Snapshot refreshIfOlderThan(Duration maxAge) {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.readAtNanos() > maxAge.toNanos()) {
            s = store.versions();
            snapshot = s;
        }
        return s;
    }

    /** Synchronized so a read that started before the change cannot land after this. */
    synchronized void invalidate() {
        snapshot = null;
    }

    /** The collection with its current version token, empty when the id names nothing. */
    Optional<TileCollection> resolve(String id, Snapshot s) {
        Optional<Layer> layer = Layer.byId(id);
        if (layer.isPresent()) {
            return Optional.of(new TileCollection(id, TileFamily.of(layer.get()), null, 0,
                    "l" + s.layer(layer.get())));
        }
        TileFamily family;
        String slug;
        if (id.startsWith(TileCollection.NEIGHBOURHOOD_RESULTS_PREFIX)) {
            family = TileFamily.NEIGHBOURHOOD_RESULTS;
            slug = id.substring(TileCollection.NEIGHBOURHOOD_RESULTS_PREFIX.length());
        } else if (id.startsWith(TileCollection.RESULTS_PREFIX)) {
            family = TileFamily.RESULTS;
            slug = id.substring(TileCollection.RESULTS_PREFIX.length());
        } else {
            return Optional.empty();
        }
        Scenario scenario = s.scenarios().get(slug);
        if (scenario == null) {
            return Optional.empty();
        }
        String geometry = family == TileFamily.RESULTS ? "p" : "n";
        return Optional.of(new TileCollection(id, family, slug, scenario.id(),
                "s" + scenario.id() + "r" + scenario.resultsVersion() + geometry + s.layer(family.geometryLayer())));
    }
}
