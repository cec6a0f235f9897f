package nl.infill.layers;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The layer catalogue: what is loaded, how much, where, and when. */
@RestController
@RequestMapping("/api/layers")
class LayerController {

    private final LayerCatalog catalog;

    LayerController(LayerCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    List<LayerCatalog.LayerInfo> layers() {
        return catalog.layers();
    }

    @GetMapping("/{id}")
    LayerCatalog.LayerInfo layer(@PathVariable String id) {
        return catalog.layer(id);
    }
}
