package nl.infill.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.presentation.Presentation;
import nl.infill.presentation.Presentation.LayerClass;
import nl.infill.presentation.Presentation.MapLayer;
import nl.infill.presentation.Presentation.Symbol;

/**
 * MapLibre (Mapbox GL, version 8) style documents, one per map layer of the presentation source
 * ({@code presentation/presentation.json}): the property, class breaks and colours the web map's
 * legend and the SLD styles use, drawn from the collection's WebMercatorQuad tiles.
 *
 * <p>Each class is a style layer of its own with a filter, the way the SLD has a rule per class,
 * rather than one layer with a {@code match} or {@code step} expression: QGIS (3.22 and later)
 * converts per-layer filters into rule-based symbols with the class's legend label, but only some
 * data-driven paint expressions. Filters use the legacy filter syntax, which MapLibre still
 * validates and QGIS's converter reads in full ({@code all}, {@code none}, comparisons on a
 * property name); a missing value fails every comparison, so it lands in the {@code else} class,
 * as with the SLD's ElseFilter. A polygon class is a {@code fill} layer and a {@code line} layer
 * for its outline width; a point class is a {@code circle} layer (the SLD's mark shapes have no
 * circle-layer equivalent; the colour carries the class).
 */
final class MapLibreStyles {

    static final String MEDIA_TYPE = "application/vnd.mapbox.style+json";

    private MapLibreStyles() {
    }

    /** The presentation's map layers that draw the collections of {@code family}, in legend order. */
    static List<MapLayer> layersOf(TileFamily family) {
        return Presentation.get().layers().stream().filter(l -> l.source().equals(family.key())).toList();
    }

    /**
     * The style document of {@code mapLayer} over one collection.
     *
     * @param sourceId    the collection id: also the MVT layer name, so the {@code source-layer}
     * @param tileUrl     the WebMercatorQuad tile template with {z}/{y}/{x} and the data version
     * @param bounds      the collection's CRS84 extent (w, s, e, n), or null when empty
     */
    static Map<String, Object> document(MapLayer mapLayer, TileFamily family, String sourceId, String tileUrl,
                                        int minZoom, int maxZoom, double[] bounds) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", "vector");
        source.put("tiles", List.of(tileUrl));
        source.put("minzoom", minZoom);
        source.put("maxzoom", maxZoom);
        if (bounds != null) {
            source.put("bounds", List.of(bounds[0], bounds[1], bounds[2], bounds[3]));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 8);
        doc.put("name", mapLayer.title().nl());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("infill:collection", sourceId);
        metadata.put("infill:map-layer", mapLayer.id());
        metadata.put("infill:title", Map.of("nl", mapLayer.title().nl(), "en", mapLayer.title().en()));
        doc.put("metadata", metadata);
        if (bounds != null) {
            doc.put("center", List.of((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2));
            doc.put("zoom", Math.min(maxZoom, Math.max(minZoom, 14)));
        }
        doc.put("sources", Map.of(sourceId, source));
        doc.put("layers", layers(mapLayer, family, sourceId));
        return doc;
    }

    private static List<Map<String, Object>> layers(MapLayer l, TileFamily family, String sourceId) {
        String type = fieldType(family, l.property());
        Symbol s = l.symbol();
        List<Map<String, Object>> layers = new ArrayList<>();
        List<Object> earlier = new ArrayList<>();
        for (int i = 0; i < l.classes().size(); i++) {
            LayerClass c = l.classes().get(i);
            Object filter = filter(l.property(), type, c, earlier);
            String id = l.id() + "-" + i;
            Map<String, Object> legend = Map.of("nl", c.label().nl(), "en", c.label().en());
            switch (s.type()) {
                case "line" -> layers.add(layer(id, "line", sourceId, filter, legend, Map.of(
                        "line-color", c.colour(), "line-width", c.width())));
                case "point" -> layers.add(layer(id, "circle", sourceId, filter, legend, Map.of(
                        "circle-color", c.colour(), "circle-radius", s.size() / 2.0,
                        "circle-stroke-color", s.stroke(), "circle-stroke-width", s.strokeWidth())));
                default -> {
                    String stroke = c.stroke() != null ? c.stroke() : s.stroke();
                    Map<String, Object> fill = new LinkedHashMap<>();
                    fill.put("fill-color", c.colour());
                    fill.put("fill-opacity", s.fillOpacity());
                    if (stroke != null) {
                        fill.put("fill-outline-color", stroke);
                    }
                    layers.add(layer(id, "fill", sourceId, filter, legend, fill));
                    if (stroke != null && s.strokeWidth() != null) {
                        layers.add(layer(id + "-outline", "line", sourceId, filter, legend, Map.of(
                                "line-color", stroke, "line-width", s.strokeWidth())));
                    }
                }
            }
            if (!c.otherwise() && l.property() != null) {
                earlier.add(test(l.property(), type, c));
            }
        }
        return layers;
    }

    private static Map<String, Object> layer(String id, String type, String sourceId, Object filter,
                                             Map<String, Object> legend, Map<String, Object> paint) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("source", sourceId);
        m.put("source-layer", sourceId);
        m.put("metadata", Map.of("infill:legend", legend));
        if (filter != null) {
            m.put("filter", filter);
        }
        m.put("paint", paint);
        return m;
    }

    /**
     * The class's filter: its own test, or for {@code else} none of the earlier classes' tests
     * (null, no filter, when it is the only class).
     */
    private static Object filter(String property, String type, LayerClass c, List<Object> earlier) {
        if (c.otherwise() || property == null) {
            if (earlier.isEmpty()) {
                return null;
            }
            List<Object> none = new ArrayList<>();
            none.add("none");
            none.addAll(earlier);
            return none;
        }
        return test(property, type, c);
    }

    /** Equal to the value (typed as the tile carries it), or in [min, max) with either end open. */
    private static Object test(String property, String type, LayerClass c) {
        if (c.value() != null) {
            return List.of("==", property, literal(type, c.value()));
        }
        if (c.min() != null && c.max() != null) {
            return List.of("all", List.of(">=", property, c.min()), List.of("<", property, c.max()));
        }
        return c.min() != null ? List.of(">=", property, c.min()) : List.of("<", property, c.max());
    }

    private static Object literal(String type, String value) {
        return switch (type) {
            case "Number" -> {
                double d = Double.parseDouble(value);
                yield d == Math.rint(d) ? (Object) (long) d : (Object) d;
            }
            case "Boolean" -> Boolean.parseBoolean(value);
            default -> value;
        };
    }

    /**
     * The MVT type of a tile attribute ({@code Number}, {@code String} or {@code Boolean}), from
     * the family's field descriptions; a legacy filter compares types strictly, so the class
     * value "1" must be the number 1 for score_class.
     */
    private static String fieldType(TileFamily family, String property) {
        if (property == null) {
            return "String";
        }
        String description = family.fields().get(property);
        if (description == null) {
            throw new IllegalStateException("map layer property '" + property + "' is not an attribute of the "
                    + family.key() + " tiles");
        }
        return description.substring(0, description.indexOf(':'));
    }
}
