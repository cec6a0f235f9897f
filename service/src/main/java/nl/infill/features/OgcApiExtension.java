package nl.infill.features;

import java.util.List;
import java.util.Map;

import nl.infill.catalogue.Collection;

/**
 * A part of the OGC API that another module serves under {@code /ogc} (tiles and styles): the
 * conformance classes it adds to {@code /ogc/conformance} and the links it adds to the landing
 * page and to each collection, so clients that start at the landing page find it.
 */
public interface OgcApiExtension {

    /** A link of the OGC API's JSON documents. */
    record Link(String href, String rel, String type, String title) {
    }

    List<String> conformance();

    /** @param root the OGC API root as the client sees it, e.g. {@code https://host/ogc} */
    List<Link> landingLinks(String root);

    List<Link> collectionLinks(String root, Collection collection);

    /**
     * The OpenAPI 3.0 path items of this part, keyed by their path under {@code /ogc} (e.g.
     * {@code /tileMatrixSets}), which {@code /ogc/api} lists beside the features paths.
     */
    default Map<String, Object> apiPaths() {
        return Map.of();
    }
}
