package nl.infill.catalogue;

import java.util.Optional;

import nl.infill.layers.Layer;

/**
 * A collection identifier: the one place where identifiers in URLs (OGC API, tiles, exports) are
 * parsed and built. A collection is a source layer ({@code parcels}), the parcel results of a
 * scenario ({@code results-{slug}}) or its neighbourhood totals ({@code
 * neighbourhood-results-{slug}}). Parsing says what an identifier would name; whether that
 * scenario exists is the {@link Catalogue}'s question.
 *
 * @param layer    the layer of a layer collection, else null
 * @param scenario the scenario slug of a results collection, else null
 */
public record CollectionId(String value, Kind kind, Layer layer, String scenario) {

    /** What a collection holds. */
    public enum Kind {
        LAYER, PARCEL_RESULTS, NEIGHBOURHOOD_RESULTS
    }

    private static final String RESULTS = "results-";
    private static final String NEIGHBOURHOOD_RESULTS = "neighbourhood-results-";

    /** What {@code id} names, or empty when it has none of the three forms. */
    public static Optional<CollectionId> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Optional<Layer> layer = Layer.byId(id);
        if (layer.isPresent()) {
            return Optional.of(of(layer.get()));
        }
        // Tested first: "neighbourhood-results-x" must not be read as a layer or as results.
        if (id.startsWith(NEIGHBOURHOOD_RESULTS) && id.length() > NEIGHBOURHOOD_RESULTS.length()) {
            return Optional.of(neighbourhoodResults(id.substring(NEIGHBOURHOOD_RESULTS.length())));
        }
        if (id.startsWith(RESULTS) && id.length() > RESULTS.length()) {
            return Optional.of(parcelResults(id.substring(RESULTS.length())));
        }
        return Optional.empty();
    }

    public static CollectionId of(Layer layer) {
        return new CollectionId(layer.id(), Kind.LAYER, layer, null);
    }

    public static CollectionId parcelResults(String scenario) {
        return new CollectionId(RESULTS + scenario, Kind.PARCEL_RESULTS, null, scenario);
    }

    public static CollectionId neighbourhoodResults(String scenario) {
        return new CollectionId(NEIGHBOURHOOD_RESULTS + scenario, Kind.NEIGHBOURHOOD_RESULTS, null, scenario);
    }

    /**
     * The layer whose geometry the features have: the layer itself, parcels for parcel results,
     * neighbourhoods for neighbourhood totals. A load of it changes the collection's features.
     */
    public Layer geometryLayer() {
        return switch (kind) {
            case LAYER -> layer;
            case PARCEL_RESULTS -> Layer.PARCELS;
            case NEIGHBOURHOOD_RESULTS -> Layer.NEIGHBOURHOODS;
        };
    }

    /** Whether a load of layer {@code layerId} (as in {@code LayerLoaded}) changes this collection. */
    public boolean changesWithLayer(String layerId) {
        return geometryLayer().id().equals(layerId);
    }

    /** Whether a committed run of scenario {@code slug} (as in {@code AnalysisCompleted}) changes this collection. */
    public boolean changesWithScenario(String slug) {
        return scenario != null && scenario.equals(slug);
    }

    /** Whether an identifier names a collection whose data a load or a run may have changed; see above. */
    public static boolean changesWithLayer(String id, String layerId) {
        return parse(id).filter(c -> c.changesWithLayer(layerId)).isPresent();
    }

    public static boolean changesWithScenario(String id, String slug) {
        return parse(id).filter(c -> c.changesWithScenario(slug)).isPresent();
    }

    @Override
    public String toString() {
        return value;
    }
}
