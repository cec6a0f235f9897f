/**
 * Publishing: keeps an external GeoServer in step with the database (workspace, PostGIS
 * datastore, a feature type per published collection with an SLD style per map layer, a layer group), through the
 * read-only views of schema {@code publish}. No public API: it listens to load and run events.
 */
@Owns({"publish.*", "publish_sync", "infill_publish_result_view", "infill_publish_neighbourhood_result_view",
        "infill_publish_drop_stale_result_views",
        "infill_publish_enable_login"})
package nl.infill.publishing;

import nl.infill.system.Owns;
