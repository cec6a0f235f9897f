package nl.infill.features;

import java.util.List;
import java.util.Optional;

/**
 * One OGC API collection: a layer table or one scenario's results view. {@code relation},
 * {@code idColumn} and property names come only from {@code Layer} or from the fixed result
 * columns below, so they are safe SQL identifiers.
 *
 * @param scenario the scenario slug the rows of a result view are restricted to, else null
 */
record FeatureCollectionDef(String id, String title, String description, String relation, String idColumn,
                            String geometryType, List<Prop> properties, String scenario) {

    /** A property column; {@code type} is one of text, integer, double, boolean. */
    record Prop(String name, String type) {
    }

    Optional<Prop> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    List<String> propertyNames() {
        return properties.stream().map(Prop::name).toList();
    }

    /** Parcel-based collections answer spatial queries with capacity figures when they are results. */
    boolean isParcelResults() {
        return relation.equals("parcel_result_v");
    }
}
