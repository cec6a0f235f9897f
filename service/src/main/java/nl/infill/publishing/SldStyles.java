package nl.infill.publishing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SLD 1.0.0 styles Infill uploads to GeoServer. Every rule has a title: GeoServer's
 * GetLegendGraphic and QGIS show it as the legend label. Colours follow ColorBrewer ramps
 * (sequential YlGnBu for scores, YlOrRd for capacity and ageing, qualitative Set3 for
 * categories) so classes stay distinguishable when printed.
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

    private static final String[] YL_GN_BU = {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"};
    private static final String[] YL_OR_RD = {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};

    private SldStyles() {
    }

    /** Style name -> SLD document, in upload order. */
    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PARCELS, parcels());
        m.put(BUILDINGS, buildings());
        m.put(ZONING, zoning());
        m.put(AMENITIES, amenities());
        m.put(NEIGHBOURHOODS, neighbourhoods());
        m.put(STREETS, streets());
        m.put(CONSTRAINTS, constraints());
        m.put(UNITS, units());
        m.put(SCORE, score());
        m.put(CAPACITY, capacity());
        return m;
    }

    static String parcels() {
        return document(PARCELS, "Parcels", List.of(
                rule("parcel", "Parcel", null, polygon("#f7f7f7", 0.3, "#636363", 0.4))));
    }

    /** Score classes 1..5 as in parcel_result.score_class (5 = highest potential, 20-point bands). */
    static String score() {
        List<String> rules = new ArrayList<>();
        String[] labels = {"1 - lowest potential (score 0-20)", "2 - low (20-40)", "3 - medium (40-60)",
                "4 - high (60-80)", "5 - highest potential (80-100)"};
        for (int c = 1; c <= 5; c++) {
            rules.add(rule("class" + c, labels[c - 1], equalTo("score_class", String.valueOf(c)),
                    polygon(YL_GN_BU[c - 1], 0.85, "#555555", 0.2)));
        }
        rules.add(rule("excluded", "Excluded (hard constraint)", equalTo("excluded", "true"),
                polygon("#bdbdbd", 0.6, "#969696", 0.2)));
        return document(SCORE, "Redevelopment potential (score class)", rules);
    }

    /** Extra dwellings per parcel: capacity divided by the scenario's average dwelling size. */
    static String capacity() {
        double[] bounds = {0, 1, 5, 20, 50};
        String[] labels = {"less than 1 dwelling", "1-5 dwellings", "5-20 dwellings", "20-50 dwellings",
                "50 dwellings or more"};
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String filter = i < 4 ? range("extra_dwellings", bounds[i], bounds[i + 1])
                    : atLeast("extra_dwellings", bounds[i]);
            rules.add(rule("dwellings" + i, labels[i], filter, polygon(YL_OR_RD[i], 0.85, "#555555", 0.2)));
        }
        return document(CAPACITY, "Capacity (extra dwellings)", rules);
    }

    /** Construction decades; Zoetermeer grew neighbourhood by neighbourhood from the late 1960s. */
    static String buildings() {
        List<String> rules = new ArrayList<>();
        rules.add(rule("before1970", "Before 1970", lessThan("construction_year", 1970),
                polygon("#8c510a", 0.9, "#3f3f3f", 0.2)));
        String[] colours = {"#d8b365", "#f6e8c3", "#c7eae5", "#5ab4ac", "#01665e"};
        for (int i = 0; i < 5; i++) {
            int from = 1970 + 10 * i;
            String label = i < 4 ? from + "-" + (from + 9) : from + " or later";
            String filter = i < 4 ? range("construction_year", from, from + 10) : atLeast("construction_year", from);
            rules.add(rule("decade" + from, label, filter, polygon(colours[i], 0.9, "#3f3f3f", 0.2)));
        }
        rules.add(elseRule("unknown", "Year unknown", polygon("#d9d9d9", 0.9, "#3f3f3f", 0.2)));
        return document(BUILDINGS, "Buildings by construction decade", rules);
    }

    static String zoning() {
        Map<String, String[]> functions = new LinkedHashMap<>();
        functions.put("wonen", new String[] {"Residential (wonen)", "#ffff99"});
        functions.put("gemengd", new String[] {"Mixed (gemengd)", "#fdb462"});
        functions.put("centrum", new String[] {"Centre (centrum)", "#fb8072"});
        functions.put("kantoor", new String[] {"Offices (kantoor)", "#bc80bd"});
        functions.put("bedrijf", new String[] {"Business (bedrijf)", "#bebada"});
        functions.put("maatschappelijk", new String[] {"Community (maatschappelijk)", "#80b1d3"});
        functions.put("groen", new String[] {"Green (groen)", "#b3de69"});
        functions.put("sport", new String[] {"Sport", "#8dd3c7"});
        functions.put("water", new String[] {"Water", "#a6cee3"});
        functions.put("verkeer", new String[] {"Traffic (verkeer)", "#d9d9d9"});
        List<String> rules = new ArrayList<>();
        functions.forEach((f, v) -> rules.add(rule(f, v[0], equalTo("function", f), polygon(v[1], 0.7, "#737373", 0.3))));
        rules.add(elseRule("other", "Other function", polygon("#f0f0f0", 0.7, "#737373", 0.3)));
        return document(ZONING, "Zoning by function", rules);
    }

    static String amenities() {
        String[][] types = {
                {"supermarket", "Supermarket", "square", "#e41a1c"},
                {"gp", "GP (huisarts)", "cross", "#377eb8"},
                {"pharmacy", "Pharmacy", "x", "#4daf4a"},
                {"primary_school", "Primary school", "triangle", "#984ea3"},
                {"pt_stop", "Public transport stop", "circle", "#ff7f00"},
                {"community_care", "Community / care centre", "star", "#a65628"},
                {"other", "Other", "circle", "#999999"}};
        List<String> rules = new ArrayList<>();
        for (String[] t : types) {
            rules.add(rule(t[0], t[1], equalTo("type", t[0]), point(t[2], t[3], 10)));
        }
        return document(AMENITIES, "Amenities by type", rules);
    }

    /** Share of residents aged 65 or over (CBS); the Dutch average is about 20 %. */
    static String neighbourhoods() {
        double[] bounds = {0, 10, 15, 20, 25};
        String[] labels = {"under 10 %", "10-15 %", "15-20 %", "20-25 %", "25 % or more"};
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String filter = i < 4 ? range("pop_65plus_pct", bounds[i], bounds[i + 1]) : atLeast("pop_65plus_pct", bounds[i]);
            rules.add(rule("share" + i, "65+ " + labels[i], filter, polygon(YL_OR_RD[i], 0.6, "#252525", 0.8)));
        }
        rules.add(elseRule("unknown", "65+ share unknown", polygon("#ffffff", 0.3, "#252525", 0.8)));
        return document(NEIGHBOURHOODS, "Neighbourhoods by share of residents 65+", rules);
    }

    static String streets() {
        return document(STREETS, "Streets and paths", List.of(
                rule("walkable", "Walkable", equalTo("walkable", "true"), line("#525252", 1.2)),
                rule("notWalkable", "Not walkable", equalTo("walkable", "false"), line("#fb6a4a", 1.0))));
    }

    static String constraints() {
        return document(CONSTRAINTS, "Constraint areas", List.of(
                rule("hard", "Hard constraint (excluded)", equalTo("severity", "hard"), polygon("#de2d26", 0.35, "#a50f15", 0.8)),
                rule("soft", "Soft constraint (lowers the score)", equalTo("severity", "soft"), polygon("#fdae6b", 0.35, "#e6550d", 0.8))));
    }

    /** BAG units (verblijfsobjecten) by use; a unit with several uses ("wonen,kantoor") is mixed. */
    static String units() {
        String[][] uses = {
                {"wonen", "Dwelling (wonen)", "#8dd3c7"},
                {"kantoor", "Office (kantoor)", "#bc80bd"},
                {"winkel", "Shop (winkel)", "#fb8072"},
                {"industrie", "Industry (industrie)", "#bebada"}};
        List<String> rules = new ArrayList<>();
        for (String[] u : uses) {
            rules.add(rule(u[0], u[1], equalTo("use", u[0]), point("circle", u[2], 6)));
        }
        rules.add(elseRule("other", "Other or several uses", point("circle", "#d9d9d9", 6)));
        return document(UNITS, "Units (BAG verblijfsobjecten) by use", rules);
    }

    // --- SLD 1.0.0 building blocks, in the element order the schema prescribes ---

    private static String document(String name, String title, List<String> rules) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<StyledLayerDescriptor version=\"1.0.0\" xmlns=\"http://www.opengis.net/sld\"")
                .append(" xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd\">\n")
                .append("  <NamedLayer>\n    <Name>").append(esc(name)).append("</Name>\n")
                .append("    <UserStyle>\n      <Name>").append(esc(name)).append("</Name>\n")
                .append("      <Title>").append(esc(title)).append("</Title>\n")
                .append("      <FeatureTypeStyle>\n");
        rules.forEach(sb::append);
        sb.append("      </FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n");
        return sb.toString();
    }

    private static String rule(String name, String title, String filter, String symbolizer) {
        return "        <Rule>\n          <Name>" + esc(name) + "</Name>\n          <Title>" + esc(title) + "</Title>\n"
                + (filter == null ? "" : "          <ogc:Filter>" + filter + "</ogc:Filter>\n")
                + symbolizer;
    }

    private static String elseRule(String name, String title, String symbolizer) {
        return "        <Rule>\n          <Name>" + esc(name) + "</Name>\n          <Title>" + esc(title) + "</Title>\n"
                + "          <ElseFilter/>\n" + symbolizer;
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

    private static String line(String stroke, double width) {
        return "          <LineSymbolizer>\n"
                + "            <Stroke>" + css("stroke", stroke) + css("stroke-width", num(width)) + "</Stroke>\n"
                + "          </LineSymbolizer>\n        </Rule>\n";
    }

    private static String point(String mark, String fill, int size) {
        return "          <PointSymbolizer>\n            <Graphic>\n              <Mark>\n"
                + "                <WellKnownName>" + mark + "</WellKnownName>\n"
                + "                <Fill>" + css("fill", fill) + "</Fill>\n"
                + "                <Stroke>" + css("stroke", "#ffffff") + css("stroke-width", "1") + "</Stroke>\n"
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
