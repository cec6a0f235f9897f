package nl.infill.catalogue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.infill.analysis.Scenarios;
import nl.infill.ingest.LayerStates;
import nl.infill.layers.Layer;

/**
 * The data versions of everything the catalogue serves, as read at one moment: each layer's
 * version (bumped by every load) and each scenario's id and results version (bumped by every
 * committed run). A collection's version token ({@link #token}) is built from these alone, so
 * it changes exactly when the collection's data may have: tiles put it in their URLs and ETags,
 * extents are kept per token.
 */
public final class DataVersions {

    private final Map<Layer, LayerStates.LayerState> layers;
    private final List<Scenarios.Scenario> scenarios;
    private final long readAtNanos;

    DataVersions(Map<Layer, LayerStates.LayerState> layers, List<Scenarios.Scenario> scenarios, long readAtNanos) {
        this.layers = Map.copyOf(layers);
        this.scenarios = scenarios.stream().sorted((a, b) -> a.slug().compareTo(b.slug())).toList();
        this.readAtNanos = readAtNanos;
    }

    /** {@link System#nanoTime()} when these versions were read: callers that keep them decide how long to trust them. */
    public long readAtNanos() {
        return readAtNanos;
    }

    public long layer(Layer layer) {
        LayerStates.LayerState s = layers.get(layer);
        return s == null ? 0 : s.version();
    }

    /**
     * The version token of a collection: {@code l{layer version}} for a layer; for results
     * {@code s{scenario id}r{results version}} and the version of the layer whose geometry they
     * draw ({@code p} parcels, {@code n} neighbourhoods). The scenario id is part of it because a
     * scenario deleted and made again under the same slug starts its results version anew.
     *
     * @throws IllegalArgumentException when the collection's scenario is not among these versions
     */
    public String token(CollectionId id) {
        return switch (id.kind()) {
            case LAYER -> "l" + layer(id.layer());
            case PARCEL_RESULTS -> results(id) + "p" + layer(Layer.PARCELS);
            case NEIGHBOURHOOD_RESULTS -> results(id) + "n" + layer(Layer.NEIGHBOURHOODS);
        };
    }

    private String results(CollectionId id) {
        Scenarios.Scenario s = scenario(id.scenario()).orElseThrow(() -> new IllegalArgumentException(
                "no scenario '" + id.scenario() + "' in these data versions"));
        return "s" + s.id() + "r" + s.resultsVersion();
    }

    Optional<Scenarios.Scenario> scenario(String slug) {
        return scenarios.stream().filter(s -> s.slug().equals(slug)).findFirst();
    }

    /** Scenarios by slug. */
    List<Scenarios.Scenario> scenarios() {
        return scenarios;
    }

    LayerStates.LayerState state(Layer layer) {
        return layers.getOrDefault(layer, new LayerStates.LayerState(layer, 0, null, null, null));
    }
}
