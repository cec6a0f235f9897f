package nl.infill.publishing;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.catalogue.Catalogue;
import nl.infill.system.Conflict;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/publishing/sync} (role admin) runs a sync now and returns its outcome;
 * {@code GET /api/publishing/status} shows the last result per resource; {@code GET
 * /api/config/map} tells the web map whether to draw GeoServer WMS or the service's vector tiles.
 */
@RestController
@Tag(name = "Publishing", description = "GeoServer sync, its status, and the web map's map configuration")
class PublishingController {

    /**
     * What the web map needs to draw GeoServer's WMS instead of the service's vector tiles.
     *
     * @param geoserverWmsUrl null when no public GeoServer URL is configured (or publishing is
     *                        off): the web map then uses vector tiles
     * @param geoserverWfsUrl null in the same case
     * @param layerGroup      {@code workspace:group}, every published layer
     * @param layers          each map layer of the presentation source with the GeoServer layer and
     *                        style that draw it (capacity and walk-to-GP share the results' layer,
     *                        each with its own style)
     */
    record MapConfig(String geoserverWmsUrl, String geoserverWfsUrl, String workspace, String layerGroup,
                     String featureInfoFormat, List<WmsLayer> layers) {
    }

    /**
     * @param id             the map layer's id in the presentation source (e.g. {@code capacity})
     * @param collection     the collection id the rest of the API uses (e.g. {@code results-default})
     * @param geoserverLayer {@code workspace:layer}
     * @param style          {@code workspace:style}
     */
    record WmsLayer(String id, String collection, String geoserverLayer, String style) {
    }

    private final GeoServerProperties props;
    private final GeoServerSync sync;
    private final SyncStatus status;
    private final Catalogue catalogue;

    PublishingController(GeoServerProperties props, GeoServerSync sync, SyncStatus status, Catalogue catalogue) {
        this.props = props;
        this.sync = sync;
        this.status = status;
        this.catalogue = catalogue;
    }

    @PostMapping("/api/publishing/sync")
    @Operation(summary = "Sync GeoServer now (role admin); the outcome per resource")
    PublishingStatus sync() {
        if (!props.enabled()) {
            throw new Conflict("GeoServer publishing is switched off. Set INFILL_GEOSERVER_ENABLED=true "
                    + "and INFILL_GEOSERVER_URL to publish.");
        }
        return sync.sync();
    }

    @GetMapping("/api/publishing/status")
    @Operation(summary = "The last sync's outcome per resource")
    PublishingStatus status() {
        return status.status();
    }

    @GetMapping("/api/config/map")
    @Operation(summary = "GeoServer WMS for the web map, or nulls when it draws the service's vector tiles")
    MapConfig mapConfig() {
        String publicUrl = props.publicUrl() == null ? "" : props.publicUrl().toString();
        boolean wms = props.enabled() && !publicUrl.isBlank();
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        String ws = props.workspace();
        List<WmsLayer> layers = new ArrayList<>();
        for (PublishedLayer l : PublishedLayer.all(catalogue, catalogue.versions())) {
            for (var mapLayer : SldStyles.layersOf(PublishedLayer.source(l.collection()))) {
                layers.add(new WmsLayer(mapLayer.id(), l.collection().id().value(), ws + ":" + l.name(),
                        ws + ":" + SldStyles.styleOf(mapLayer.id())));
            }
        }
        return new MapConfig(wms ? base + "/" + ws + "/wms" : null, wms ? base + "/" + ws + "/wfs" : null, ws,
                ws + ":" + props.layerGroup(), "application/json", layers);
    }
}
