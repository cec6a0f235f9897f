package nl.infill.publishing;

import java.util.ArrayList;
import java.util.List;

import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;
import nl.infill.catalogue.DataVersions;

/**
 * One feature type Infill publishes: a view in the publish schema with the same name, the
 * catalogue collection it shows (every layer, and each scenario's parcel results), its default
 * style and any alternative styles.
 */
record PublishedLayer(String name, Collection collection, String title, String defaultStyle, List<String> otherStyles,
                      boolean result) {

    static PublishedLayer ofLayer(Collection c) {
        String style = switch (c.id().layer()) {
            case PARCELS -> SldStyles.PARCELS;
            case BUILDINGS -> SldStyles.BUILDINGS;
            case ZONING -> SldStyles.ZONING;
            case AMENITIES -> SldStyles.AMENITIES;
            case NEIGHBOURHOODS -> SldStyles.NEIGHBOURHOODS;
            case STREETS -> SldStyles.STREETS;
            case CONSTRAINTS -> SldStyles.CONSTRAINTS;
            case UNITS -> SldStyles.UNITS;
        };
        return new PublishedLayer(c.id().value(), c, c.title(), style, List.of(), false);
    }

    /** Parcel results of one scenario; {@code view} is what the database function returned for it. */
    static PublishedLayer ofResults(Collection c, String view) {
        return new PublishedLayer(view, c, "Redevelopment potential - scenario " + c.scenario(), SldStyles.SCORE,
                List.of(SldStyles.CAPACITY), true);
    }

    /** The view name a scenario's results get; the same rule as infill_publish_result_view(). */
    static String resultView(String slug) {
        return "results_" + slug.replace('-', '_');
    }

    /** What is published as of {@code versions}: every layer, then each scenario's parcel results (by slug). */
    static List<PublishedLayer> all(Catalogue catalogue, DataVersions versions) {
        List<PublishedLayer> all = new ArrayList<>();
        for (Collection c : catalogue.collections(versions)) {
            if (c.kind() == CollectionId.Kind.LAYER) {
                all.add(ofLayer(c));
            } else if (c.kind() == CollectionId.Kind.PARCEL_RESULTS) {
                all.add(ofResults(c, resultView(c.scenario())));
            }
        }
        return all;
    }

    /** The slugs of the scenarios among {@code layers}. */
    static List<String> scenarios(List<PublishedLayer> layers) {
        return layers.stream().filter(PublishedLayer::result).map(l -> l.collection().scenario()).toList();
    }
}
