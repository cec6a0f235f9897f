package nl.infill.publishing;

import java.util.ArrayList;
import java.util.List;

import nl.infill.layers.Layer;

/**
 * One feature type Infill publishes: a view in the publish schema with the same name, the
 * collection id the rest of Infill uses for it (OGC API, tiles), its default style and any
 * alternative styles.
 */
record PublishedLayer(String name, String collection, String title, String defaultStyle, List<String> otherStyles, boolean result) {

    static PublishedLayer of(Layer layer) {
        String style = switch (layer) {
            case PARCELS -> SldStyles.PARCELS;
            case BUILDINGS -> SldStyles.BUILDINGS;
            case ZONING -> SldStyles.ZONING;
            case AMENITIES -> SldStyles.AMENITIES;
            case NEIGHBOURHOODS -> SldStyles.NEIGHBOURHOODS;
            case STREETS -> SldStyles.STREETS;
            case CONSTRAINTS -> SldStyles.CONSTRAINTS;
        };
        String title = Character.toUpperCase(layer.id().charAt(0)) + layer.id().substring(1);
        return new PublishedLayer(layer.id(), layer.id(), title, style, List.of(), false);
    }

    /** Results of one scenario; {@code view} is what the database function returned. */
    static PublishedLayer ofScenario(String slug, String view) {
        return new PublishedLayer(view, "results-" + slug, "Redevelopment potential - scenario " + slug, SldStyles.SCORE,
                List.of(SldStyles.CAPACITY), true);
    }

    /** The view name a scenario's results get; the same rule as infill_publish_result_view(). */
    static String resultView(String slug) {
        return "results_" + slug.replace('-', '_');
    }

    static List<PublishedLayer> sourceLayers() {
        List<PublishedLayer> all = new ArrayList<>();
        for (Layer l : Layer.values()) {
            all.add(of(l));
        }
        return all;
    }
}
