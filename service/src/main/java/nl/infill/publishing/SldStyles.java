package nl.infill.publishing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.presentation.Presentation;
import nl.infill.presentation.Presentation.LayerClass;
import nl.infill.presentation.Presentation.MapLayer;
import nl.infill.presentation.Presentation.Symbol;
import nl.infill.presentation.Presentation.Text;

/**
 * The SLD 1.0.0 styles Infill uploads to GeoServer, one per map layer of the presentation source
 * ({@code presentation/presentation.json}): the same property, class breaks, colours and legend
 * labels as the web map's legend, so a layer looks and reads alike in the browser, in GeoServer's
 * WMS and in QGIS. Every rule has a title (GetLegendGraphic and QGIS show it as the legend
 * label): the Dutch text, with Dutch and English as GeoServer's {@code Localized} elements, so
 * {@code GetLegendGraphic&LANGUAGE=en} draws the English legend ("i18N in SLD" in the GeoServer
 * user manual).
 */
final class SldStyles {

    static final String PARCELS = "infill_parcels";
    static final String BUILDINGS = "infill_buildings_decade";
    static final String ZONING = "infill_zoning_function";
    static final String AMENITIES = "infill_amenities_type";
    static final String NEIGHBOURHOODS = "infill_neighbourhoods_65plus";
    static final String STREETS = "infill_streets";
    static final String CONSTRAINTS = "infill_constraints";
    static final String UNITS = "infill_units_use";
    static final String SCORE = "infill_score_class";
    static final String CAPACITY = "infill_capacity_dwellings";
    static final String WALK_GP = "infill_walk_gp";
    static final String AGEING_FIT = "infill_ageing_fit";

    /** Style name per map layer id of the presentation source; names GeoServer already has stay. */
    private static final Map<String, String> BY_LAYER = Map.ofEntries(
            Map.entry("score", SCORE), Map.entry("capacity", CAPACITY), Map.entry("walkGp", WALK_GP),
            Map.entry("buildings", BUILDINGS), Map.entry("zoning", ZONING), Map.entry("amenities", AMENITIES),
            Map.entry("nbh65", NEIGHBOURHOODS), Map.entry("nbhFit", AGEING_FIT), Map.entry("parcels", PARCELS),
            Map.entry("streets", STREETS), Map.entry("constraints", CONSTRAINTS), Map.entry("units", UNITS));

    private static final Map<String, String> ALL = build();

    private SldStyles() {
    }

    /** Style name -> SLD document, in the presentation source's layer order. */
    static Map<String, String> all() {
        return ALL;
    }

    /** The style of a map layer of the presentation source. */
    static String styleOf(String mapLayerId) {
        String style = BY_LAYER.get(mapLayerId);
        if (style == null) {
            throw new IllegalArgumentException("no style name for map layer " + mapLayerId);
        }
        return style;
    }

    /** The map layers that draw {@code source} (a layer id, results or neighbourhood-results), in order. */
    static List<MapLayer> layersOf(String source) {
        return Presentation.get().layers().stream().filter(l -> l.source().equals(source)).toList();
    }

    static String parcels() {
        return ALL.get(PARCELS);
    }

    static String score() {
        return ALL.get(SCORE);
    }

    /** Source of the difference map's ramps in the presentation source (web map only). */
    private static final String COMPARE = "compare";

    private static Map<String, String> build() {
        Map<String, String> m = new LinkedHashMap<>();
        for (MapLayer l : Presentation.get().layers()) {
            if (COMPARE.equals(l.source())) {
                // the difference map is the browser's (two scenarios joined per parcel): no WMS layer draws it
                continue;
            }
            m.put(styleOf(l.id()), document(l));
        }
        return Collections.unmodifiableMap(m);
    }

    private static String document(MapLayer l) {
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < l.classes().size(); i++) {
            LayerClass c = l.classes().get(i);
            rules.add(rule(l.id() + i, c.label(), filter(l.property(), c), symbolizer(l.symbol(), c)));
        }
        return document(styleOf(l.id()), l.title(), rules);
    }

    /** The class's test on {@code property}: equal to its value, in [min, max), or else (no filter). */
    private static String filter(String property, LayerClass c) {
        if (c.otherwise() || property == null) {
            return null;
        }
        if (c.value() != null) {
            return equalTo(property, c.value());
        }
        if (c.min() != null && c.max() != null) {
            return range(property, c.min(), c.max());
        }
        return c.min() != null ? atLeast(property, c.min()) : lessThan(property, c.max());
    }

    private static String symbolizer(Symbol s, LayerClass c) {
        return switch (s.type()) {
            case "line" -> line(c.colour(), c.width());
            case "point" -> point(c.shape(), c.colour(), s.size(), s.stroke(), s.strokeWidth());
            default -> polygon(c.colour(), s.fillOpacity(), c.stroke() != null ? c.stroke() : s.stroke(), s.strokeWidth());
        };
    }

    // --- SLD 1.0.0 building blocks, in the element order the schema prescribes ---

    private static String document(String name, Text title, List<String> rules) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<StyledLayerDescriptor version=\"1.0.0\" xmlns=\"http://www.opengis.net/sld\"")
                .append(" xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd\">\n")
                .append("  <NamedLayer>\n    <Name>").append(esc(name)).append("</Name>\n")
                .append("    <UserStyle>\n      <Name>").append(esc(name)).append("</Name>\n")
                .append("      ").append(title(title)).append("\n")
                .append("      <FeatureTypeStyle>\n");
        rules.forEach(sb::append);
        sb.append("      </FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n");
        return sb.toString();
    }

    /** A rule; without a filter it is an else rule: it draws what no other rule of the style draws. */
    private static String rule(String name, Text title, String filter, String symbolizer) {
        return "        <Rule>\n          <Name>" + esc(name) + "</Name>\n          " + title(title) + "\n"
                + (filter == null ? "          <ElseFilter/>\n" : "          <ogc:Filter>" + filter + "</ogc:Filter>\n")
                + symbolizer;
    }

    /** Dutch by default, both languages as GeoServer's Localized elements (GetLegendGraphic LANGUAGE=). */
    private static String title(Text t) {
        return "<Title>" + esc(t.nl()) + "<Localized lang=\"nl\">" + esc(t.nl()) + "</Localized><Localized lang=\"en\">"
                + esc(t.en()) + "</Localized></Title>";
    }

    private static String equalTo(String property, String literal) {
        return "<ogc:PropertyIsEqualTo><ogc:PropertyName>" + property + "</ogc:PropertyName><ogc:Literal>"
                + esc(literal) + "</ogc:Literal></ogc:PropertyIsEqualTo>";
    }

    private static String lessThan(String property, double value) {
        return "<ogc:PropertyIsLessThan><ogc:PropertyName>" + property + "</ogc:PropertyName><ogc:Literal>"
                + num(value) + "</ogc:Literal></ogc:PropertyIsLessThan>";
    }

    private static String atLeast(String property, double value) {
        return "<ogc:PropertyIsGreaterThanOrEqualTo><ogc:PropertyName>" + property + "</ogc:PropertyName><ogc:Literal>"
                + num(value) + "</ogc:Literal></ogc:PropertyIsGreaterThanOrEqualTo>";
    }

    /** Half-open class [from, to): a value on a boundary belongs to exactly one class. */
    private static String range(String property, double from, double to) {
        return "<ogc:And>" + atLeast(property, from) + lessThan(property, to) + "</ogc:And>";
    }

    private static String polygon(String fill, double opacity, String stroke, double width) {
        return "          <PolygonSymbolizer>\n"
                + "            <Fill>" + css("fill", fill) + css("fill-opacity", num(opacity)) + "</Fill>\n"
                + "            <Stroke>" + css("stroke", stroke) + css("stroke-width", num(width)) + "</Stroke>\n"
                + "          </PolygonSymbolizer>\n        </Rule>\n";
    }

    private static String line(String stroke, Double width) {
        return "          <LineSymbolizer>\n"
                + "            <Stroke>" + css("stroke", stroke) + css("stroke-width", num(width)) + "</Stroke>\n"
                + "          </LineSymbolizer>\n        </Rule>\n";
    }

    private static String point(String mark, String fill, int size, String stroke, double strokeWidth) {
        return "          <PointSymbolizer>\n            <Graphic>\n              <Mark>\n"
                + "                <WellKnownName>" + mark + "</WellKnownName>\n"
                + "                <Fill>" + css("fill", fill) + "</Fill>\n"
                + "                <Stroke>" + css("stroke", stroke) + css("stroke-width", num(strokeWidth)) + "</Stroke>\n"
                + "              </Mark>\n              <Size>" + size + "</Size>\n"
                + "            </Graphic>\n          </PointSymbolizer>\n        </Rule>\n";
    }

    private static String css(String name, String value) {
        return "<CssParameter name=\"" + name + "\">" + esc(value) + "</CssParameter>";
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
