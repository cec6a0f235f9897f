package nl.infill.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import nl.infill.catalogue.Collection;
import nl.infill.features.cql2.Queryables;
import nl.infill.layers.ColumnType;

/**
 * The queryables of a catalogue {@link Collection} as the CQL2 filter sees them: each property
 * with its column of alias {@code t}, plus the geometry as {@code geometry}. The one place that
 * ties filters to how collections are described, so that pointing filters at another description
 * of collections means changing this adapter only.
 */
final class CollectionQueryables implements Queryables {

    /** The name of the geometry in filters and in the queryables resource (as in GeoJSON). */
    static final String GEOMETRY = "geometry";

    private final Collection collection;

    private CollectionQueryables(Collection collection) {
        this.collection = collection;
    }

    static Queryables of(Collection collection) {
        return new CollectionQueryables(collection);
    }

    /** The JSON Schema {@code format} of the geometry, e.g. {@code geometry-multipolygon} (OGC 19-079r2). */
    static String geometryFormat(Collection collection) {
        return "geometry-" + collection.geometryType().toLowerCase(Locale.ROOT);
    }

    @Override
    public String collectionId() {
        return collection.id().value();
    }

    @Override
    public Optional<Queryable> find(String name) {
        if (name.equals(GEOMETRY)) {
            return Optional.of(new Queryable(GEOMETRY, "t.geom", QueryableType.GEOMETRY));
        }
        return collection.column(name).map(p -> new Queryable(p.name(), "t." + p.name(), type(p.type())));
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(GEOMETRY);
        names.addAll(collection.columnNames());
        return names;
    }

    private static QueryableType type(ColumnType type) {
        return switch (type) {
            case INTEGER -> QueryableType.INTEGER;
            case DOUBLE -> QueryableType.NUMBER;
            case BOOLEAN -> QueryableType.BOOLEAN;
            case TEXT -> QueryableType.STRING;
        };
    }
}
