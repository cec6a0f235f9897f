package nl.infill.publishing;

import java.util.ArrayList;
import java.util.List;

import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;
import nl.infill.catalogue.DataVersions;

/**
 * One feature type Infill publishes: a view in the publish schema with the same name, the
 * catalogue collection it shows (every layer, and each scenario's parcel results and
 * neighbourhood totals) and its styles: one per map layer of the presentation source that draws
 * this collection, the first as the default. So the parcel results come with the score style
 * and, as alternatives, capacity and walk-to-GP; each map layer asks GeoServer for its own.
 */
record PublishedLayer(String name, Collection collection, String title, String defaultStyle, List<String> otherStyles,
                      boolean result) {

    static PublishedLayer ofLayer(Collection c) {
        return of(c, c.id().value(), c.title());
    }

    /** One scenario's results; {@code view} is what the database function returned for it. */
    static PublishedLayer ofResults(Collection c, String view) {
        String title = c.kind() == CollectionId.Kind.NEIGHBOURHOOD_RESULTS
                ? "Neighbourhood totals and ageing fit - scenario " + c.scenario()
                : "Redevelopment potential - scenario " + c.scenario();
        return of(c, view, title);
    }

    private static PublishedLayer of(Collection c, String name, String title) {
        List<String> styles = SldStyles.layersOf(source(c)).stream().map(l -> SldStyles.styleOf(l.id())).toList();
        if (styles.isEmpty()) {
            throw new IllegalStateException("the presentation source has no map layer for " + c.id().value());
        }
        return new PublishedLayer(name, c, title, styles.get(0), styles.subList(1, styles.size()),
                c.kind() != CollectionId.Kind.LAYER);
    }

    /** The presentation source's name for what a collection draws: a layer id, results or neighbourhood-results. */
    static String source(Collection c) {
        return switch (c.kind()) {
            case LAYER -> c.id().layer().id();
            case PARCEL_RESULTS -> "results";
            case NEIGHBOURHOOD_RESULTS -> "neighbourhood-results";
        };
    }

    /** The view a scenario's results get; the same rules as the infill_publish_*result_view() functions. */
    static String resultView(Collection c) {
        String slug = c.scenario().replace('-', '_');
        return c.kind() == CollectionId.Kind.NEIGHBOURHOOD_RESULTS ? "neighbourhood_results_" + slug : "results_" + slug;
    }

    /** What is published as of {@code versions}: every layer, then each scenario's results (by slug). */
    static List<PublishedLayer> all(Catalogue catalogue, DataVersions versions) {
        List<PublishedLayer> all = new ArrayList<>();
        for (Collection c : catalogue.collections(versions)) {
            all.add(c.kind() == CollectionId.Kind.LAYER ? ofLayer(c) : ofResults(c, resultView(c)));
        }
        return all;
    }

    /** The slugs of the scenarios among {@code layers}, each once. */
    static List<String> scenarios(List<PublishedLayer> layers) {
        return layers.stream().filter(PublishedLayer::result).map(l -> l.collection().scenario()).distinct().toList();
    }

    /** Every style of the layer, the default first. */
    List<String> styles() {
        List<String> all = new ArrayList<>();
        all.add(defaultStyle);
        all.addAll(otherStyles);
        return all;
    }
}
