package nl.infill.tiles;

/**
 * One tile collection as resolved against the current data versions: {@code version} is the
 * token that goes into the tile URL ({@code ?v=}) and the ETag. For results it joins the
 * scenario id (a deleted and re-created scenario restarts its results version), the results
 * version and the version of the layer whose geometry the tiles draw.
 *
 * @param scenarioId 0 for layer collections
 */
record TileCollection(String id, TileFamily family, String slug, long scenarioId, String version) {

    static final String RESULTS_PREFIX = "results-";
    static final String NEIGHBOURHOOD_RESULTS_PREFIX = "neighbourhood-results-";

    String title() {
        return switch (family) {
            case RESULTS -> "Parcel results of scenario " + slug;
            case NEIGHBOURHOOD_RESULTS -> "Neighbourhood totals of scenario " + slug;
            default -> "Layer " + id;
        };
    }
}
