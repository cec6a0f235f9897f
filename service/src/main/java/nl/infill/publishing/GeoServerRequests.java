package nl.infill.publishing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.catalogue.CollectionId;
import nl.infill.catalogue.Extent;

import org.springframework.stereotype.Component;

/**
 * The bodies of GeoServer's REST API that a sync sends, built from the settings and the
 * catalogue alone: JSON as GeoServer's REST API reads it (its XStream-style {@code @key} /
 * {@code $} entries included) and GeoWebCache's XML truncate request.
 */
@Component
class GeoServerRequests {

    static final String SRS = "EPSG:28992";

    /** The RD New area of validity, for a layer without rows: GeoServer needs some box. */
    private static final double[] RD_NEW = {-7000, 289000, 300000, 629000};
    private static final double[] RD_NEW_LON_LAT = {3.2, 50.75, 7.22, 53.7};

    private final GeoServerProperties props;

    GeoServerRequests(GeoServerProperties props) {
        this.props = props;
    }

    String workspacePath() {
        return "/rest/workspaces/" + props.workspace();
    }

    String datastorePath() {
        return workspacePath() + "/datastores/" + props.datastore().name();
    }

    Map<String, Object> workspace() {
        return Map.of("workspace", Map.of("name", props.workspace()));
    }

    /** GeoServer's PostGIS datastore parameters, as {"entry":[{"@key":..,"$":..}]}. */
    Map<String, Object> datastore() {
        var ds = props.datastore();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dbtype", "postgis");
        if (ds.jndi()) {
            p.put("jndiReferenceName", ds.jndiName());
        } else {
            p.put("host", ds.host());
            p.put("port", String.valueOf(ds.port()));
            p.put("database", ds.database());
            p.put("user", ds.user());
            if (ds.password() != null && !ds.password().isEmpty()) {
                p.put("passwd", ds.password());
            }
            p.put("validate connections", "true");
        }
        p.put("schema", ds.schema());
        p.put("Expose primary keys", "true");
        p.put("Loose bbox", "true");
        List<Map<String, String>> entries = new ArrayList<>();
        p.forEach((k, v) -> entries.add(Map.of("@key", k, "$", v)));
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("name", ds.name());
        store.put("description", "Infill publish views (read-only role)");
        store.put("enabled", true);
        store.put("workspace", Map.of("name", props.workspace()));
        store.put("connectionParameters", Map.of("entry", entries));
        return Map.of("dataStore", store);
    }

    /** The feature type with its native and lon/lat boxes from the catalogue's extent. */
    Map<String, Object> featureType(PublishedLayer l, Extent e) {
        double[] rd = e.empty() ? RD_NEW : e.rd();
        double[] ll = e.empty() ? RD_NEW_LON_LAT : e.crs84();
        Map<String, Object> ft = new LinkedHashMap<>();
        ft.put("name", l.name());
        ft.put("nativeName", l.name());
        ft.put("title", l.title());
        ft.put("abstract", !l.result() ? "Infill source layer " + l.name() + "."
                : l.collection().kind() == CollectionId.Kind.NEIGHBOURHOOD_RESULTS
                ? "Neighbourhood totals and ageing fit of one Infill scenario."
                : "Parcel scores, capacity and walking distances of one Infill scenario.");
        ft.put("srs", SRS);
        ft.put("projectionPolicy", "FORCE_DECLARED");
        ft.put("enabled", true);
        ft.put("nativeBoundingBox", Map.of("minx", rd[0], "miny", rd[1], "maxx", rd[2], "maxy", rd[3], "crs", SRS));
        ft.put("latLonBoundingBox", Map.of("minx", ll[0], "miny", ll[1], "maxx", ll[2], "maxy", ll[3],
                "crs", "EPSG:4326"));
        return Map.of("featureType", ft);
    }

    /** The layer's default and alternative styles. */
    Map<String, Object> layer(PublishedLayer l) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("defaultStyle", Map.of("name", l.defaultStyle(), "workspace", props.workspace()));
        if (!l.otherStyles().isEmpty()) {
            layer.put("styles", Map.of("@class", "linked-hash-set", "style",
                    l.otherStyles().stream().map(s -> Map.of("name", s, "workspace", props.workspace())).toList()));
        }
        return Map.of("layer", layer);
    }

    String layerPath(PublishedLayer l) {
        return "/rest/layers/" + props.workspace() + ":" + l.name();
    }

    /**
     * The layer group of {@code layers}, drawn bottom to top: areas, parcels and results, lines,
     * points; its bounds are the union of the layers' {@code extents} (in the same order) in
     * EPSG:28992, since GeoServer never recalculates them on update. Layers without rows add
     * nothing; without any rows the group has no bounds and GeoServer computes them once.
     */
    Map<String, Object> layerGroup(List<PublishedLayer> layers, List<Extent> extents) {
        List<PublishedLayer> ordered = new ArrayList<>(layers);
        ordered.sort(Comparator.comparingInt(GeoServerRequests::drawOrder));
        List<Map<String, String>> published = new ArrayList<>();
        List<Map<String, String>> styles = new ArrayList<>();
        for (PublishedLayer l : ordered) {
            published.add(Map.of("@type", "layer", "name", props.workspace() + ":" + l.name()));
            styles.add(Map.of("name", props.workspace() + ":" + l.defaultStyle()));
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", props.layerGroup());
        group.put("title", "Infill");
        group.put("mode", "SINGLE");
        group.put("workspace", Map.of("name", props.workspace()));
        group.put("publishables", Map.of("published", published));
        group.put("styles", Map.of("style", styles));
        double minx = Double.MAX_VALUE, miny = Double.MAX_VALUE, maxx = -Double.MAX_VALUE, maxy = -Double.MAX_VALUE;
        for (Extent e : extents) {
            if (!e.empty()) {
                double[] rd = e.rd();
                minx = Math.min(minx, rd[0]);
                miny = Math.min(miny, rd[1]);
                maxx = Math.max(maxx, rd[2]);
                maxy = Math.max(maxy, rd[3]);
            }
        }
        if (minx <= maxx) {
            group.put("bounds", Map.of("minx", minx, "miny", miny, "maxx", maxx, "maxy", maxy, "crs", SRS));
        }
        return Map.of("layerGroup", group);
    }

    private static int drawOrder(PublishedLayer l) {
        if (l.collection().kind() == CollectionId.Kind.NEIGHBOURHOOD_RESULTS) {
            return 0;
        }
        return switch (l.name()) {
            case "neighbourhoods" -> 0;
            case "zoning" -> 1;
            case "parcels" -> 2;
            case "buildings" -> 4;
            case "constraints" -> 5;
            case "streets" -> 6;
            case "amenities" -> 7;
            default -> 3;
        };
    }
}
