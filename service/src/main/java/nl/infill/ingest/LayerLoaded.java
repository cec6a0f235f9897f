package nl.infill.ingest;

/**
 * Published after a load has committed: the layer's rows were swapped and its version bumped.
 * Tiles drop cached tiles of the layer, publishing refreshes GeoServer, analysis knows its
 * criteria are stale.
 */
public record LayerLoaded(String layer, long loadId, long version) {
}
