package nl.infill.catalogue;

import static nl.infill.layers.ColumnType.BOOLEAN;
import static nl.infill.layers.ColumnType.DOUBLE;
import static nl.infill.layers.ColumnType.INTEGER;
import static nl.infill.layers.ColumnType.TEXT;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.analysis.Scenarios;
import nl.infill.ingest.LayerLoaded;
import nl.infill.ingest.LayerStates;
import nl.infill.layers.ColumnType;
import nl.infill.layers.Layer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The collections Infill serves (OGC API, tiles, exports, GeoServer): every {@link Layer}, and
 * per scenario its parcel results and its neighbourhood totals. It resolves identifiers
 * ({@link CollectionId}), reads data versions ({@link DataVersions}: layers through ingest's
 * {@link LayerStates}, scenarios through analysis's {@link Scenarios}) and keeps each
 * collection's extent per version, instead of a full scan on every landing page.
 */
@Service
public class Catalogue {

    /** The columns of analysis's {@code parcel_result_v} that are served, in order. */
    static final List<Layer.Column> PARCEL_RESULT_COLUMNS = List.of(
            col("parcel_id", INTEGER), col("source_id", TEXT), col("area_m2", DOUBLE),
            col("existing_floor_area_m2", DOUBLE), col("allowed_floor_area_m2", DOUBLE),
            col("capacity_m2", DOUBLE), col("extra_dwellings", DOUBLE), col("score", DOUBLE),
            col("score_class", INTEGER), col("excluded", BOOLEAN), col("exclusion_reason", TEXT),
            col("no_zoning", BOOLEAN), col("distance_method", TEXT), col("walk_gp_m", DOUBLE),
            col("walk_supermarket_m", DOUBLE), col("walk_pharmacy_m", DOUBLE),
            col("walk_school_m", DOUBLE), col("walk_pt_m", DOUBLE));

    /** The columns of analysis's {@code neighbourhood_result_v} that are served, in order. */
    static final List<Layer.Column> NEIGHBOURHOOD_RESULT_COLUMNS = List.of(
            col("neighbourhood_id", INTEGER), col("code", TEXT), col("name", TEXT),
            col("population", INTEGER), col("pop_65plus_pct", DOUBLE), col("dwellings", INTEGER),
            col("parcels", INTEGER), col("capacity_m2", DOUBLE), col("extra_dwellings", DOUBLE),
            col("mean_score", DOUBLE), col("ageing_fit", DOUBLE));

    /** Extents of a few hundred collection versions at most; old versions also go on load and run events. */
    private static final int KEPT_EXTENTS = 1024;

    private record Key(String collection, String version) {
    }

    private final LayerStates layerStates;
    private final Scenarios scenarios;
    private final ExtentStore store;
    private final Cache<Key, Extent> extents = Caffeine.newBuilder().maximumSize(KEPT_EXTENTS).build();

    Catalogue(LayerStates layerStates, Scenarios scenarios, ExtentStore store) {
        this.layerStates = layerStates;
        this.scenarios = scenarios;
        this.store = store;
    }

    /** The current data versions: one small read of the layer states and one of the scenarios. */
    public DataVersions versions() {
        return new DataVersions(layerStates.all(), scenarios.list(), System.nanoTime());
    }

    /** Every collection of {@code versions}: the layers in {@link Layer} order, then per scenario (by slug) its results and neighbourhood totals. */
    public List<Collection> collections(DataVersions versions) {
        List<Collection> out = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            out.add(layer(layer));
        }
        for (Scenarios.Scenario s : versions.scenarios()) {
            out.add(results(CollectionId.parcelResults(s.slug()), s));
            out.add(results(CollectionId.neighbourhoodResults(s.slug()), s));
        }
        return out;
    }

    /** The collection {@code id} names among {@code versions}, or empty. */
    public Optional<Collection> collection(String id, DataVersions versions) {
        return CollectionId.parse(id).flatMap(c -> c.kind() == CollectionId.Kind.LAYER ? Optional.of(layer(c.layer()))
                : versions.scenario(c.scenario()).map(s -> results(c, s)));
    }

    /** The collection {@code id} names now, or empty; reads the database only for results. */
    public Optional<Collection> collection(String id) {
        return CollectionId.parse(id).flatMap(c -> c.kind() == CollectionId.Kind.LAYER ? Optional.of(layer(c.layer()))
                : scenarios.bySlug(c.scenario()).map(s -> results(c, s)));
    }

    /** The collection of a layer. */
    public Collection collection(Layer layer) {
        return layer(layer);
    }

    /** The parcel results of scenario {@code slug} now, or empty when there is no such scenario. */
    public Optional<Collection> parcelResults(String slug) {
        return collection(CollectionId.parcelResults(slug).value());
    }

    /**
     * Count and extent of a collection as of {@code versions}, computed once per version token.
     * A collection whose scenario is not among {@code versions} (made after they were read) is
     * computed but not kept, since there is no version to keep it under.
     */
    public Extent extent(Collection c, DataVersions versions) {
        if (c.scenario() != null && versions.scenario(c.scenario()).filter(s -> s.id() == c.scenarioId()).isEmpty()) {
            return store.extent(c);
        }
        return extents.get(new Key(c.id().value(), versions.token(c.id())), k -> store.extent(c));
    }

    /** Count and extent of a collection as of the current versions. */
    public Extent extent(Collection c) {
        return extent(c, versions());
    }

    /** This instance's loads and runs free the memory of old extents at once (others' age out). */
    @EventListener
    void layerLoaded(LayerLoaded event) {
        extents.asMap().keySet().removeIf(k -> CollectionId.changesWithLayer(k.collection(), event.layer()));
    }

    @EventListener
    void analysisCompleted(AnalysisCompleted event) {
        extents.asMap().keySet().removeIf(k -> CollectionId.changesWithScenario(k.collection(), event.scenarioSlug()));
    }

    static Collection layer(Layer layer) {
        return new Collection(CollectionId.of(layer), Character.toUpperCase(layer.id().charAt(0)) + layer.id().substring(1),
                "Source layer '" + layer.id() + "'.", layer.table(), "id", layer.geometryType(), layer.columns(), 0, null);
    }

    private static Collection results(CollectionId id, Scenarios.Scenario s) {
        if (id.kind() == CollectionId.Kind.PARCEL_RESULTS) {
            return new Collection(id, "Parcel results: " + s.name(),
                    "Redevelopment capacity and score of every parcel in scenario '" + s.slug() + "'.",
                    "parcel_result_v", "parcel_id", "MultiPolygon", PARCEL_RESULT_COLUMNS, s.id(), s.name());
        }
        return new Collection(id, "Neighbourhood results: " + s.name(),
                "Capacity, dwellings and ageing fit per neighbourhood in scenario '" + s.slug() + "'.",
                "neighbourhood_result_v", "neighbourhood_id", "MultiPolygon", NEIGHBOURHOOD_RESULT_COLUMNS, s.id(), s.name());
    }

    private static Layer.Column col(String name, ColumnType type) {
        return new Layer.Column(name, type);
    }
}
