package nl.infill.publishing;

import java.time.Instant;
import java.util.List;

/**
 * Outcome of the last sync, as {@code GET /api/publishing/status} returns it.
 *
 * @param enabled    whether publishing is switched on ({@code infill.geoserver.enabled})
 * @param state      never | running | ok | failed | partial
 * @param startedAt  start of the last sync or refresh
 * @param finishedAt its end (null while running)
 * @param message    a one-line summary
 * @param resources  the last result per published resource: workspace, datastore, each layer
 *                   (feature type with its style) and the layer group
 */
record PublishingStatus(boolean enabled, String state, Instant startedAt, Instant finishedAt, String message,
                        List<ResourceResult> resources) {

    /**
     * @param kind    workspace | datastore | layer | layergroup
     * @param name    resource name in GeoServer (layers: the feature type, e.g. {@code parcels})
     * @param ok      whether the last attempt succeeded
     * @param message what happened, e.g. "created", "updated", or the failure
     * @param at      when
     */
    record ResourceResult(String kind, String name, boolean ok, String message, Instant at) {
    }
}
