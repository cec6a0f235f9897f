package nl.infill.features.cql2;

import java.util.List;
import java.util.Optional;

/**
 * What a filter may name in one collection: its queryable properties, each bound to a column of a
 * whitelisted relation, and its geometry. The only source of identifiers in the SQL this package
 * writes: a name from a filter becomes SQL only as the {@link Queryable#column()} found here.
 */
public interface Queryables {

    /** The collection id, for error messages. */
    String collectionId();

    /** The property of this name (case-sensitive), the geometry included. */
    Optional<Queryable> find(String name);

    /** Every queryable name, the geometry included, in the order a user should see them. */
    List<String> names();

    /** A queryable property. */
    record Queryable(String name, String column, QueryableType type) {
    }

    /** The types a queryable can have; GEOMETRY only for the geometry property. */
    enum QueryableType {
        STRING, INTEGER, NUMBER, BOOLEAN, DATE, TIMESTAMP, GEOMETRY;

        boolean numeric() {
            return this == INTEGER || this == NUMBER;
        }
    }
}
