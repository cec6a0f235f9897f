package nl.infill.catalogue;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.ingest.LayerStates;
import nl.infill.layers.Layer;
import nl.infill.system.NotFound;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The layer catalogue: what is loaded, how much, where, and when. */
@RestController
@RequestMapping("/api/layers")
@Tag(name = "Layers", description = "The source layers with their feature count, extent, data version and last load")
class LayerController {

    /**
     * One layer as {@code GET /api/layers} lists it.
     *
     * @param featureCount as of {@code version}
     * @param version      the layer's data version, bumped by every load
     * @param extentRd     {minX, minY, maxX, maxY} in EPSG:28992; null when the layer is empty
     * @param extentCrs84  {minLon, minLat, maxLon, maxLat}, containing every feature; null when empty
     * @param lastLoadId   the load that made this version ({@code GET /api/loads/{id}}); null before the first
     */
    record LayerInfo(String id, String geometryType, long featureCount, long version, double[] extentRd,
                     double[] extentCrs84, Long lastLoadId, OffsetDateTime lastLoadedAt, String lastSource) {
    }

    private final Catalogue catalogue;

    LayerController(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping
    @Operation(summary = "Every layer, in a fixed order")
    List<LayerInfo> layers() {
        DataVersions versions = catalogue.versions();
        return java.util.Arrays.stream(Layer.values()).map(l -> info(l, versions)).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One layer")
    LayerInfo layer(@PathVariable String id) {
        Layer layer = Layer.byId(id).orElseThrow(() -> new NotFound("layer",
                "Unknown layer '" + id + "'. Known layers: " + String.join(", ", Layer.ids()) + "."));
        return info(layer, catalogue.versions());
    }

    private LayerInfo info(Layer layer, DataVersions versions) {
        Extent e = catalogue.extent(Catalogue.layer(layer), versions);
        LayerStates.LayerState s = versions.state(layer);
        return new LayerInfo(layer.id(), layer.geometryType(), e.count(), s.version(), e.rd(), e.crs84(),
                s.lastLoadId(), s.lastLoadedAt(), s.lastSource());
    }
}
