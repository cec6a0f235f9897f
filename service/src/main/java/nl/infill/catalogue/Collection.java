package nl.infill.catalogue;

import java.util.List;
import java.util.Optional;

import nl.infill.layers.Layer;

/**
 * One collection as the catalogue defines it: a layer table, or one scenario's results in the
 * view analysis publishes for them. {@code relation}, {@code idColumn} and the column names come
 * only from {@link Layer} or from the catalogue's own result columns, so they are safe SQL
 * identifiers; rows of a result view belong to the collection when their {@code scenario_id} is
 * {@code scenarioId}. Its data version is not part of it: see {@link DataVersions#token}.
 *
 * @param geometryType PostGIS geometry type of {@code geom} (SRID 28992)
 * @param columns      the typed attribute columns besides the id and the geometry, in order
 * @param scenarioId   the scenario of a results collection, else 0
 * @param scenarioName its name, else null
 */
public record Collection(CollectionId id, String title, String description, String relation, String idColumn,
                         String geometryType, List<Layer.Column> columns, long scenarioId, String scenarioName) {

    public Collection {
        columns = List.copyOf(columns);
    }

    public CollectionId.Kind kind() {
        return id.kind();
    }

    /** The scenario slug of a results collection, else null. */
    public String scenario() {
        return id.scenario();
    }

    public Optional<Layer.Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(Layer.Column::name).toList();
    }
}
