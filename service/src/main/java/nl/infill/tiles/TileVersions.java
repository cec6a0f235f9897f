package nl.infill.tiles;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.DataVersions;

import org.springframework.stereotype.Component;

/**
 * The catalogue's data versions, held in memory so a tile request costs no database round trip.
 * Re-read when load or analysis events arrive ({@link #invalidate()}) and at least every
 * {@code infill.tiles.version-ttl}, because another service instance or a load by hand changes
 * the database without telling this one.
 */
@Component
class TileVersions {

    private final Catalogue catalogue;
    private final long ttlNanos;
    private volatile DataVersions snapshot;

    TileVersions(Catalogue catalogue, TilesProperties properties) {
        this.catalogue = catalogue;
        this.ttlNanos = properties.versionTtl().toNanos();
    }

    DataVersions current() {
        DataVersions s = snapshot;
        if (s == null || System.nanoTime() - s.readAtNanos() > ttlNanos) {
            s = refreshIfOlderThan(Duration.ofNanos(ttlNanos));
        }
        return s;
    }

    /** Re-reads unless the snapshot is younger than {@code maxAge}; one reader at a time. */
    synchronized DataVersions refreshIfOlderThan(Duration maxAge) {
        DataVersions s = snapshot;
        if (s == null || System.nanoTime() - s.readAtNanos() > maxAge.toNanos()) {
            s = catalogue.versions();
            snapshot = s;
        }
        return s;
    }

    /** Synchronized so a read that started before the change cannot land after this. */
    synchronized void invalidate() {
        snapshot = null;
    }

    /** The collection with its version token in {@code s}, empty when the id names nothing there. */
    Optional<TileCollection> resolve(String id, DataVersions s) {
        return catalogue.collection(id, s).map(c -> of(c, s));
    }

    /** Every collection of the current versions. */
    List<TileCollection> all() {
        DataVersions s = current();
        return catalogue.collections(s).stream().map(c -> of(c, s)).toList();
    }

    private static TileCollection of(Collection c, DataVersions s) {
        return new TileCollection(c, TileFamily.of(c), s.token(c.id()), s);
    }
}
