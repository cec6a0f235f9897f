package nl.infill.tiles;

import nl.infill.catalogue.Collection;
import nl.infill.catalogue.DataVersions;

/**
 * A catalogue collection as tiles serve it: the statement family that renders it and its data
 * version token, which goes into the tile URL ({@code ?v=}) and the ETag.
 *
 * @param versions the data versions the collection was resolved against ({@code version} is its token there)
 */
record TileCollection(Collection collection, TileFamily family, String version, DataVersions versions) {

    String id() {
        return collection.id().value();
    }

    /** 0 for layer collections. */
    long scenarioId() {
        return collection.scenarioId();
    }

    String title() {
        return collection.title();
    }
}
