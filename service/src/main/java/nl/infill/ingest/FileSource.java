package nl.infill.ingest;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What every file reader keeps the same way: its format name, the attribute names it has seen
 * and the CRS the file declares. The readers differ only in how they walk their format, so they
 * fill these two while reading (a GeoJSON {@code crs} member may follow the features) and
 * inherit the accessors.
 */
abstract class FileSource implements FeatureSource {

    private final String format;
    /** Attribute names of the source schema, in the order first seen. */
    protected final Set<String> attributes = new LinkedHashSet<>();
    /** "EPSG:n" once the file has declared it; null while it has not (or never does). */
    protected String declaredCrs;

    protected FileSource(String format) {
        this.format = format;
    }

    @Override
    public final String format() {
        return format;
    }

    /** Only a GeoPackage has tables; the other formats hold one collection. */
    @Override
    public String table() {
        return null;
    }

    @Override
    public final Set<String> attributes() {
        return attributes;
    }

    @Override
    public final String declaredCrs() {
        return declaredCrs;
    }
}
