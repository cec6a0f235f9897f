package nl.infill.features;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Absolute links of the OGC API, built from the current request's scheme, host and context path. */
final class OgcLinks {

    static final String JSON = "application/json";
    static final String GEOJSON = "application/geo+json";
    /** FlatGeobuf's media type as its specification registers it (flatgeobuf.org). */
    static final String FLATGEOBUF = "application/flatgeobuf";
    static final String HTML = "text/html";
    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final String SCHEMA = "application/schema+json";

    private OgcLinks() {
    }

    static String root() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/ogc").build().toUriString();
    }

    static String rootPath() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/ogc").build().getPath();
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("href", href);
        m.put("rel", rel);
        m.put("type", type);
        m.put("title", title);
        return m;
    }

    /** The current request URL with parameter {@code name} set to {@code value} (or removed when null). */
    static String current(Map<String, String> replace) {
        ServletUriComponentsBuilder b = ServletUriComponentsBuilder.fromCurrentRequest();
        replace.forEach((k, v) -> {
            if (v == null) {
                b.replaceQueryParam(k);
            } else {
                b.replaceQueryParam(k, v);
            }
        });
        try {
            return b.build(true).toUriString();
        } catch (IllegalArgumentException notEncoded) {
            return b.build().encode().toUriString();
        }
    }
}
