package nl.infill.ingest;

import java.util.Map;
import java.util.Set;

/**
 * A file's features, read one at a time so that the heap stays bounded whatever the file size.
 * Schema facts ({@link #attributes()}, {@link #declaredCrs()}) of a GeoJSON file are complete only
 * after {@link #read}: its {@code crs} member may follow the features.
 */
interface FeatureSource extends AutoCloseable {

    /** Receives each feature in file order. */
    interface Sink {
        /**
         * @param index        0-based position in the file
         * @param geometryType the geometry's own type name (Point, MultiPolygon, ...), null if absent
         * @param wkb          ISO/OGC WKB of the geometry in source coordinates, null if absent or empty
         * @param props        the feature's attributes
         * @param problem      why the geometry could not be read, or null
         */
        void feature(long index, String geometryType, byte[] wkb, Map<String, Object> props, String problem);
    }

    String format();

    /** GeoPackage table read, null for GeoJSON. */
    String table();

    void read(Sink sink);

    /**
     * Limits what {@link #read} hands over to these attributes (those the mapping reads), for
     * sources that can skip the others cheaply; a hint, so the default ignores it.
     */
    default void readOnly(Set<String> attributes) {
    }

    /** How many features {@link #read} will hand over, when the source knows it cheaply; else null. */
    default Long total() {
        return null;
    }

    /** Attribute names of the source schema (GeoJSON: every property name seen). */
    Set<String> attributes();

    /** The CRS the file declares, as "EPSG:n", or null when it declares none. */
    String declaredCrs();

    /** Where feature {@code index} is, for messages: {@code features[12]} or {@code pand fid 12}. */
    String where(long index);

    @Override
    void close();
}
