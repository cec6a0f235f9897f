package nl.infill.features;

import java.util.List;
import java.util.Locale;


import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import nl.infill.geo.Crs;
import nl.infill.system.InvalidInput;

/**
 * JSON or HTML for an OGC resource: {@code f=json|html} wins, else the {@code Accept} header by
 * quality (a browser's {@code text/html,...,*}{@code /*;q=0.8} gets HTML; QGIS and the OGC test
 * suite ask for JSON), else JSON.
 */
enum Format {
    JSON, HTML;

    static Format of(String f, String accept) {
        if (f != null) {
            return switch (f.trim().toLowerCase(Locale.ROOT)) {
                case "json", "geojson", "application/json", "application/geo+json" -> JSON;
                case "html", "text/html" -> HTML;
                default -> throw new InvalidInput("f", "Unsupported format '" + Crs.abbreviate(f)
                        + "'. Use f=json or f=html.");
            };
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return JSON;
        }
        double html = -1;
        double json = -1;
        for (MediaType t : types) {
            double q = t.getQualityValue();
            if (t.getType().equals("text") && t.getSubtype().equals("html")) {
                html = Math.max(html, q);
            } else if (t.isWildcardType() || (t.getType().equals("application")
                    && (t.isWildcardSubtype() || t.getSubtype().equals("json") || t.getSubtype().endsWith("+json")))) {
                json = Math.max(json, q);
            }
        }
        return html > 0 && html >= json ? HTML : JSON;
    }
}
