package nl.infill.publishing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.system.ApiProblem;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/publishing/sync} (role admin) runs a sync now and returns its outcome;
 * {@code GET /api/publishing/status} shows the last result per resource; {@code GET
 * /api/config/map} tells the web map whether to draw GeoServer WMS or the service's vector tiles.
 */
@RestController
class PublishingController {

    private final PublishingService publishing;
    private final PublishStore store;

    PublishingController(PublishingService publishing, PublishStore store) {
        this.publishing = publishing;
        this.store = store;
    }

    @PostMapping("/api/publishing/sync")
    PublishingStatus sync() {
        if (!publishing.properties().enabled()) {
            throw ApiProblem.conflict("GeoServer publishing is switched off. Set INFILL_GEOSERVER_ENABLED=true "
                    + "and INFILL_GEOSERVER_URL to publish.");
        }
        return publishing.sync();
    }

    @GetMapping("/api/publishing/status")
    PublishingStatus status() {
        return publishing.status();
    }

    /**
     * {@code {geoserverWmsUrl, geoserverWfsUrl, workspace, featureInfoFormat, layerGroup, layers:
     * [{id, geoserverLayer, style}]}}; both URLs are null when no public GeoServer URL is
     * configured (or publishing is off): the web map then uses vector tiles.
     */
    @GetMapping("/api/config/map")
    Map<String, Object> mapConfig() {
        GeoServerProperties p = publishing.properties();
        String publicUrl = p.publicUrl() == null ? "" : p.publicUrl().toString();
        boolean wms = p.enabled() && !publicUrl.isBlank();
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        List<Map<String, String>> layers = new ArrayList<>();
        List<PublishedLayer> all = new ArrayList<>(PublishedLayer.sourceLayers());
        for (String slug : store.scenarioSlugs()) {
            all.add(PublishedLayer.ofScenario(slug, PublishedLayer.resultView(slug)));
        }
        for (PublishedLayer l : all) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", l.collection());
            m.put("geoserverLayer", p.workspace() + ":" + l.name());
            m.put("style", p.workspace() + ":" + l.defaultStyle());
            layers.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("geoserverWmsUrl", wms ? base + "/" + p.workspace() + "/wms" : null);
        body.put("geoserverWfsUrl", wms ? base + "/" + p.workspace() + "/wfs" : null);
        body.put("workspace", p.workspace());
        body.put("layerGroup", p.workspace() + ":" + p.layerGroup());
        body.put("featureInfoFormat", "application/json");
        body.put("layers", layers);
        return body;
    }
}
